"""The command line: `python build.py COMMAND` or `retning COMMAND`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.build.pipeline import ContentError, UnsafeOutput, build, load_site
from generator.model.records import Site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="retning",
        description="Retning: build a cross-linked, searchable static site of public strategies from content/.",
        epilog="Without a command, 'build' runs with its defaults.",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    build_cmd = commands.add_parser(
        "build",
        help="build the site (default)",
        description="Build content/ into site/. A failed build leaves the previous site/ untouched.",
    )
    add_content_option(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help="output folder (default: site)")
    build_cmd.add_argument(
        "--base-url",
        type=web_address,
        metavar="URL",
        help="absolute address the site is published at (instead of site.yaml's base_url); for sitemap, feeds, share tags, 404",
    )
    build_cmd.add_argument("--profile", action="store_true", help="print the time per stage and per template")
    add_today_option(build_cmd)

    check_cmd = commands.add_parser(
        "check",
        help="validate the content without building",
        description="Load and validate content/. Exit 0 when clean, 1 when the content has errors.",
    )
    add_content_option(check_cmd)
    check_cmd.add_argument(
        "--stale",
        action="store_true",
        help="also report, by organisation and strategy, the initiatives and measures the site shows as overdue "
        "(forsinket, uden opfølgning) and the records not updated for --days days, each with its file and line",
    )
    check_cmd.add_argument("--days", type=int, default=365, metavar="N", help="with --stale: days without an update (default: 365)")
    check_cmd.add_argument(
        "--format",
        choices=("text", "csv"),
        default="text",
        help="with --stale: text for a terminal (default), or csv: the report alone on stdout as a CSV for Danish Excel",
    )
    check_cmd.add_argument("--fail-on-stale", action="store_true", help="with --stale: exit 1 when anything is stale")
    check_cmd.add_argument(
        "--notes", action="store_true", help="also list every editor note (where the source was unclear), with its file and field"
    )
    add_today_option(check_cmd)

    search_cmd = commands.add_parser(
        "search",
        help="search the content with Whoosh, as the site's search ranks it",
        description="Run a query against a Whoosh index of the content, kept up to date in "
        ".cache/search-index. Scores are the ones the browser client computes.",
    )
    search_cmd.add_argument("query", help="words to search for")
    add_content_option(search_cmd)
    search_cmd.add_argument("--limit", type=positive_int, default=10, metavar="N", help="number of results (default: 10)")
    search_cmd.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="keep results whose facet KEY (organisation, kind, theme, audience, status, role) "
        "has VALUE, e.g. --filter kind=Indsats; repeat to combine",
    )
    search_cmd.add_argument(
        "--json", action="store_true", help="print a JSON list of {id, url, title, score} (and deadline_state for initiatives)"
    )
    search_cmd.add_argument(
        "--index",
        type=Path,
        default=Path(".cache/search-index"),
        metavar="DIR",
        help="where the Whoosh index is kept (default: .cache/search-index)",
    )

    new_cmd = commands.add_parser(
        "new",
        help="write a commented skeleton for a new record",
        description="Write a valid, commented skeleton for a record of type KIND with id ID, "
        "e.g. `new initiative ballerup/klimaplan/energi/solceller`.",
    )
    new_cmd.add_argument("kind", metavar="KIND", help="organisation, strategy, track, initiative, offer, meeting or page")
    new_cmd.add_argument("id", metavar="ID", help="the new record's id (its path below content/)")
    add_content_option(new_cmd)

    schema_cmd = commands.add_parser(
        "schema",
        help="write JSON Schema for the content files",
        description="Write JSON Schema for records, site settings and vocabularies, for autocompletion and inline errors in editors.",
    )
    add_content_option(schema_cmd)
    schema_cmd.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="output folder (default: schema)")

    serve_cmd = commands.add_parser(
        "serve",
        help="build, serve on localhost and rebuild on changes",
        description="Build a preview of the site into .cache/preview beside the content folder "
        "(never into site/), serve it and rebuild it and reload the browser whenever "
        "content/, layouts/ or assets/ change.",
    )
    add_content_option(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    add_today_option(serve_cmd)
    return main


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (else a usage error, exit 2)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def web_address(text: str) -> str:
    """An argparse type: an absolute http(s) address (a javascript: one would land in every page's tags)."""
    from generator.content.validate import url_problem

    problem = url_problem(text, absolute=True)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def day(text: str) -> dt.date:
    """An argparse type: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_today_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--today",
        type=day,
        metavar="YYYY-MM-DD",
        help="the date deadlines are held against (default: SOURCE_DATE_EPOCH if set, else today)",
    )


def add_content_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help="content folder (default: content)")


def report(error: ContentError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} in the content; nothing was published.", file=sys.stderr)
    return EXIT_CONTENT


def run_new(args: argparse.Namespace) -> int:
    from generator.content.scaffold import new_record

    try:
        path = new_record(args.content, args.kind, args.id)
    except ValueError as error:
        print(f"retning new: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}; replace every text marked 'TODO:' and run `build.py check`")
    return EXIT_OK


def run_search(args: argparse.Namespace) -> int:
    import json

    from generator.search.documents import FACETS, documents
    from generator.search.export import build_index, export
    from generator.search.parts import sub_results
    from generator.search.query import Vocabulary, expand
    from generator.search.synonyms import synonym_terms
    from generator.search.whoosh_index import open_index, search

    filters: dict[str, list[str]] = {}
    for item in args.filter:
        key, _, value = item.partition("=")
        if key not in FACETS or not value:
            print(f"retning search: --filter needs KEY=VALUE with KEY one of {', '.join(FACETS)}", file=sys.stderr)
            return EXIT_USAGE
        filters.setdefault(key, []).append(value)
    site = load_site(args.content)
    docs = documents(site)
    # the terms the browser client knows (its exported shards): typos and variants are found among them
    vocabulary = Vocabulary(export(build_index(docs), synonyms=synonym_terms(site.vocabularies)))
    by_key = {doc.key: doc for doc in docs}
    hits = [(by_key[key], score) for key, score in search(open_index(args.index, docs), args.query, vocabulary, limit=None)]
    hits = [(doc, score) for doc, score in hits if all(set(values) & set(doc.facets.get(key, [])) for key, values in filters.items())][
        : args.limit
    ]
    # Each hit's snippet and best parts, as the browser shows them (search/parts.py).
    terms = expand(args.query, vocabulary, open_last=False)
    shown = [(doc, score, sub_results(doc.card, doc.url, terms)) for doc, score in hits]
    if args.json:
        # An initiative's hit also says its deadline state (deadlines.STATES), as its result card does.
        print(
            json.dumps(
                [
                    {"id": doc.record_id, "url": doc.url, "title": doc.card["t"], "score": score}
                    | ({"deadline_state": doc.card["d"]} if "d" in doc.card else {})
                    | sub
                    for doc, score, sub in shown
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    if not hits:
        print(f"Ingen resultater for »{args.query}«.")
    for rank, (doc, score, sub) in enumerate(shown, 1):
        print(f"{rank:>3}. {score:7.3f}  {doc.card['k']:<12} {doc.card['t']}  ({doc.url})")
        for part in sub["parts"]:
            print(f"{'':>14}↳ {part['title']}  ({part['url']})")
    return EXIT_OK


def run_stale(site: Site, days: int, on: dt.date, form: str) -> int:
    """Print the `check --stale` report as text or CSV; return the number of stale items."""
    from generator.site.stale import stale_csv, stale_items, stale_text

    items = stale_items(site, days, on)
    catalogue = next(iter(site.catalogues.values()))  # the site's first language
    try:
        if form == "csv":
            sys.stdout.flush()
            sys.stdout.buffer.write(stale_csv(items, catalogue, days))
            sys.stdout.buffer.flush()
        else:
            print("\n".join(stale_text(items, catalogue, on, days)), flush=True)
    except BrokenPipeError:  # read with `| head` or a pager left early: the rest is not wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return len(items)


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("-") and args_list[0] not in ("-h", "--help"):
        args_list.insert(0, "build")
    try:
        args = parser().parse_args(args_list)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    from generator.model.deadlines import fix_today, today

    fix_today(getattr(args, "today", None))
    try:
        if args.command == "serve":
            from generator.live.serve import serve

            return serve(args.content, args.host, args.port)
        if args.command == "new":
            return run_new(args)
        if args.command == "schema":
            from generator.content.folder import read_content
            from generator.content.jsonschema import write_schemas
            from generator.opendata.schema import schema_files

            content, _ = read_content(args.content)
            for path in write_schemas(args.out, content.vocabularies):
                print(f"wrote {path}")
            for rel, body in schema_files(content.vocabularies).items():  # what the site publishes as data
                path = args.out / rel.rsplit("/", 1)[1]
                path.write_bytes(body)
                print(f"wrote {path}")
            return EXIT_OK
        if args.command == "search":
            return run_search(args)
        if args.command == "check":
            if (args.format == "csv" or args.fail_on_stale) and not args.stale:
                print("retning check: --format and --fail-on-stale go with --stale", file=sys.stderr)
                return EXIT_USAGE
            site = load_site(args.content)
            out = sys.stderr if args.format == "csv" else sys.stdout  # stdout holds the CSV alone
            print(f"{len(site.records)} records OK in {args.content}", file=out)
            stale = run_stale(site, args.days, today(), args.format) if args.stale else 0
            if args.notes:
                from generator.site.editor_notes import editor_notes

                lines = editor_notes(site)
                for line in lines:
                    print(line, file=out)
                print(f"{len(lines)} editor note{'s' if len(lines) != 1 else ''}", file=out)
            return EXIT_CONTENT if args.fail_on_stale and stale else EXIT_OK
        from generator.build.progress import Profile

        profile = Profile()
        result = build(args.content, args.out, args.base_url, profile)
        for notice in result.notices:
            print(notice, file=sys.stderr)
        print(result.summary())
        if getattr(args, "profile", False):
            print(profile.report())
        return EXIT_OK
    except UnsafeOutput as error:
        print(f"retning {args.command or 'build'}: refusing to write the site: {error}. Nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        return report(error)
    except OSError as error:
        print(f"error: {error}; the previous site is unchanged.", file=sys.stderr)
        return EXIT_CONTENT


if __name__ == "__main__":
    sys.exit(main())
