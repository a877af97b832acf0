"""The command line: `python build.py COMMAND` or `retning COMMAND`.

Every message is in the editors' language (core/messages.py): --lang, then RETNING_LANG, then the
site's first interface language, then Danish; help texts and argparse's own words included."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from generator.build.pipeline import ContentError, UnsafeOutput, build, load_site
from generator.content.validate import PLACEHOLDER
from generator.core.i18n import LANGUAGES
from generator.core.messages import (
    ENVIRONMENT,
    Message,
    MessageError,
    choose_language,
    current_language,
    message_catalogue,
    plural,
    set_language,
)
from generator.model.records import Site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
# argparse's own words, which it looks up through gettext as the module's `_`: their messages
ARGPARSE_WORDS = {
    "usage: ": "msg_argparse_usage",
    "positional arguments": "msg_argparse_positionals",
    "options": "msg_argparse_options",
    "show this help message and exit": "msg_argparse_help",
    "%(prog)s: error: %(message)s\n": "msg_argparse_error",
    "the following arguments are required: %s": "msg_argparse_required",
    "unrecognized arguments: %s": "msg_argparse_unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "msg_argparse_invalid_choice",
    "argument %(argument_name)s: %(message)s": "msg_argparse_argument",
    "expected one argument": "msg_argparse_expected_one",
    "invalid %(type)s value: %(value)r": "msg_argparse_invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "msg_argparse_ambiguous",
}


def say(key: str, **params: object) -> str:
    """The message `key` in the current language, for argparse (which wants text)."""
    return str(Message(key, **params))


@contextlib.contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse's usage line, headings and errors in the current language while the parser is made and used."""
    english = argparse._  # type: ignore[attr-defined]  # argparse's gettext, not in its stubs
    argparse._ = lambda text: say(ARGPARSE_WORDS[text]) if text in ARGPARSE_WORDS else english(text)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="retning", description=say("msg_help_retning"), epilog=say("msg_help_retning_epilog"))
    commands = main.add_subparsers(dest="command", metavar=say("msg_help_command_metavar"))

    build_cmd = commands.add_parser("build", help=say("msg_help_build"), description=say("msg_help_build_description"))
    add_common_options(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help=say("msg_help_out", default="site"))
    build_cmd.add_argument("--base-url", type=web_address, metavar="URL", help=say("msg_help_base_url"))
    build_cmd.add_argument("--profile", action="store_true", help=say("msg_help_profile"))
    add_today_option(build_cmd)

    check_cmd = commands.add_parser("check", help=say("msg_help_check"), description=say("msg_help_check_description"))
    add_common_options(check_cmd)
    check_cmd.add_argument("--stale", action="store_true", help=say("msg_help_stale"))
    check_cmd.add_argument("--days", type=int, default=365, metavar="N", help=say("msg_help_days"))
    check_cmd.add_argument("--format", choices=("text", "csv"), default="text", help=say("msg_help_format"))
    check_cmd.add_argument("--fail-on-stale", action="store_true", help=say("msg_help_fail_on_stale"))
    check_cmd.add_argument("--notes", action="store_true", help=say("msg_help_notes"))
    add_today_option(check_cmd)

    search_cmd = commands.add_parser("search", help=say("msg_help_search"), description=say("msg_help_search_description"))
    search_cmd.add_argument("query", help=say("msg_help_query"))
    add_common_options(search_cmd)
    search_cmd.add_argument("--limit", type=positive_int, default=10, metavar="N", help=say("msg_help_limit"))
    search_cmd.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help=say("msg_help_filter"))
    search_cmd.add_argument("--json", action="store_true", help=say("msg_help_json"))
    search_cmd.add_argument(
        "--index", type=Path, default=Path(".cache/search-index"), metavar="DIR", help=say("msg_help_index", default=".cache/search-index")
    )

    new_cmd = commands.add_parser("new", help=say("msg_help_new"), description=say("msg_help_new_description"))
    new_cmd.add_argument("kind", metavar="KIND", help=say("msg_help_kind"))
    new_cmd.add_argument("id", metavar="ID", help=say("msg_help_id"))
    add_common_options(new_cmd)

    schema_cmd = commands.add_parser("schema", help=say("msg_help_schema"), description=say("msg_help_schema_description"))
    add_common_options(schema_cmd)
    schema_cmd.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help=say("msg_help_out", default="schema"))

    serve_cmd = commands.add_parser("serve", help=say("msg_help_serve"), description=say("msg_help_serve_description"))
    add_common_options(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help=say("msg_help_host"))
    serve_cmd.add_argument("--port", type=int, default=8000, help=say("msg_help_port"))
    add_today_option(serve_cmd)
    return main


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (else a usage error, exit 2)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("msg_expected_whole_number", value=repr(text))) from None
    if number < 1:
        raise argparse.ArgumentTypeError(say("msg_at_least_one", number=number))
    return number


def web_address(text: str) -> str:
    """An argparse type: an absolute http(s) address (a javascript: one would land in every page's tags)."""
    from generator.content.validate import url_problem

    problem = url_problem(text, absolute=True)
    if problem is not None:
        raise argparse.ArgumentTypeError(str(problem))
    return text


def day(text: str) -> dt.date:
    """An argparse type: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("msg_expected_day", value=repr(text))) from None


def add_today_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--today", type=day, metavar="YYYY-MM-DD", help=say("msg_help_today"))


def add_common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help=say("msg_help_content"))
    command.add_argument("--lang", choices=LANGUAGES, help=say("msg_help_lang", variable=ENVIRONMENT))


def language_of(args_list: list[str]) -> str:
    """The language of every message: --lang, RETNING_LANG, the site's first interface language
    or Danish (MessageError for an unknown --lang or RETNING_LANG). Read before the parser is
    made, since its help is in that language too."""
    from generator.content.folder import first_language

    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--lang")
    early.add_argument("--content", type=Path, default=Path("content"))
    try:
        known, _ = early.parse_known_args(args_list)
    except argparse.ArgumentError:  # `--lang` without a value: the parser proper says so
        known = argparse.Namespace(lang=None, content=Path("content"))
    return choose_language(known.lang, os.environ.get(ENVIRONMENT), first_language(known.content))


def report(error: ContentError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(plural("msg_problems_summary", len(error.problems)), file=sys.stderr)
    return EXIT_CONTENT


def run_new(args: argparse.Namespace) -> int:
    from generator.content.scaffold import new_record

    try:
        path = new_record(args.content, args.kind, args.id)
    except MessageError as error:
        print(f"retning new: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(Message("msg_new_wrote", path=str(path), marker=PLACEHOLDER))
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
            print(f"retning search: {Message('msg_search_filter_usage', known=', '.join(FACETS))}", file=sys.stderr)
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
        print(Message("msg_search_no_results", query=args.query))
    for rank, (doc, score, sub) in enumerate(shown, 1):
        print(f"{rank:>3}. {score:7.3f}  {doc.card['k']:<12} {doc.card['t']}  ({doc.url})")
        for part in sub["parts"]:
            print(f"{'':>14}↳ {part['title']}  ({part['url']})")
    return EXIT_OK


def run_stale(site: Site, days: int, on: dt.date, form: str) -> int:
    """Print the `check --stale` report as text or CSV; return the number of stale items."""
    from generator.site.stale import stale_csv, stale_items, stale_text

    items = stale_items(site, days, on)
    language = current_language()  # the editors' language, as every message
    catalogue = site.catalogues.get(language) or message_catalogue(language)
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
        set_language(language_of(args_list))
    except MessageError as error:
        set_language(choose_language(None, None, None))
        print(f"retning: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        with argparse_speaking():
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
                print(Message("msg_wrote", path=str(path)))
            for rel, body in schema_files(content.vocabularies).items():  # what the site publishes as data
                path = args.out / rel.rsplit("/", 1)[1]
                path.write_bytes(body)
                print(Message("msg_wrote", path=str(path)))
            return EXIT_OK
        if args.command == "search":
            return run_search(args)
        if args.command == "check":
            if (args.format == "csv" or args.fail_on_stale) and not args.stale:
                print(f"retning check: {Message('msg_stale_options_alone')}", file=sys.stderr)
                return EXIT_USAGE
            site = load_site(args.content)
            out = sys.stderr if args.format == "csv" else sys.stdout  # stdout holds the CSV alone
            print(plural("msg_check_ok", len(site.records), folder=str(args.content)), file=out)
            stale = run_stale(site, args.days, today(), args.format) if args.stale else 0
            if args.notes:
                from generator.site.editor_notes import editor_notes

                lines = editor_notes(site)
                for line in lines:
                    print(line, file=out)
                print(plural("msg_notes_count", len(lines)), file=out)
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
        print(f"retning {args.command or 'build'}: {Message('msg_output_refused', reason=error.message)}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        return report(error)
    except OSError as error:
        print(Message("msg_os_error", detail=str(error)), file=sys.stderr)
        return EXIT_CONTENT


if __name__ == "__main__":
    sys.exit(main())
