"""Build: one run of the dependency store (incremental.py) that makes every page, file and image of
the site, written atomically into an output folder it may write (outdir.py, write.py); the state
that lets an unchanged build write nothing (buildstate.py); the `build` command's pipeline
(pipeline.py) and progress output. Imports every stage before it, never live."""
