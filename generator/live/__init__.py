"""Live: the live preview (`serve`): watches the files, runs the build's store again for what a save
changed, serves the preview folder and tells the browser to reload. Imports every stage before it."""
