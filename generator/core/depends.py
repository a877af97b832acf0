"""The dependency store: what every made thing read, so that a build makes again exactly the
things that read something that changed.

A build makes things: pages, open data files, share card texts, and the values the model keeps per
record (its terms, its dated items). Each is made through `Run.make(name, make)`; meanwhile the
data layer notes every input it reads with `note(key)`: a record, a list of records (a term's, a
page of the timeline), a template, an interface catalogue, the settings, the asset names. The
store keeps, per made thing, its value and what it read, and per input who read it and what it was
then (its fingerprint: a value compared with ==, never a hash that could collide).

The next build compares the inputs that may have changed with what they were (`Run.compare`);
the readers of those that differ are made again, and everything else is taken from the store. A
full build is the same code with an empty store: nothing is known, so everything is made. A run
changes nothing in the store until `commit()`, so a run that fails (a content or template error
halfway through rendering) leaves the store as the last good build left it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Key = tuple[Any, ...]  # an input: a tuple whose first item says what kind ("record", "template", …)
Fingerprints = Callable[[Key], Any]  # an input → what it is now (None: it does not exist)

_reading: list[set[Key]] = []  # the reads of the things being made, innermost last


def note(key: Key) -> None:
    """The thing being made (if any) read `key`."""
    if _reading:
        _reading[-1].add(key)


def note_all(keys: Iterable[Key]) -> None:
    if _reading:
        _reading[-1].update(keys)


def reading() -> bool:
    """Whether a thing is being made whose reads count (callers may skip working out keys otherwise)."""
    return bool(_reading)


@dataclass(slots=True)
class Made:
    value: Any
    reads: frozenset[Key]


@dataclass
class Store:
    """What the last good build made. A made thing's name is any hashable (an output path, a
    tuple such as ("twin", record id))."""

    made: dict[Hashable, Made] = field(default_factory=dict)
    readers: dict[Key, set[Hashable]] = field(default_factory=dict)  # input → the names of the things that read it
    seen: dict[Key, Any] = field(default_factory=dict)  # input → its fingerprint when last read
    kinds: dict[str, set[Key]] = field(default_factory=dict)  # an input's kind (its first item) → the inputs seen
    families: dict[str, dict[Any, Any]] = field(default_factory=dict)  # family → member id → value (Run.each)
    loose: set[Hashable] = field(default_factory=set)  # the names of the things made outside a family

    def run(self, fingerprints: Fingerprints, recording: bool = True) -> Run:
        return Run(self, fingerprints, recording)


def one_off() -> Run:
    """A run over an empty store that is not kept: everything is made, and reads are not noted."""
    return Store().run(lambda key: None, recording=False)


class Run:
    """One build against a store: made things are staged and reach the store on commit()."""

    def __init__(self, store: Store, fingerprints: Fingerprints, recording: bool = True):
        self.store, self.fingerprints, self.recording = store, fingerprints, recording
        self.fresh: dict[Hashable, Made] = {}  # made in this run
        self.stale: set[Hashable] = set()  # the names of things that read a changed input
        self.changed: set[Key] = set()
        self.used: set[Hashable] = set()  # the names of the things asked for outside a family (take())
        self.families: dict[str, dict[Any, Any]] = {}  # as each() found them

    def compare(self, keys: Iterable[Key] | None = None) -> set[Key]:
        """Of `keys` (default: every input anything read), those whose fingerprint moved; their
        readers are made again from now on. Returns them."""
        seen, now = self.store.seen, self.fingerprints
        moved = {key for key in (seen if keys is None else keys) if key in seen and now(key) != seen[key]}
        self.mark(moved)
        return moved

    def make(self, name: Hashable, make: Callable[[], Any]) -> Any:
        """The thing called `name`: as the store has it if nothing it read changed, else made
        by `make()` with its reads noted. A thing made while another is being made is a read of
        that other (("made", name)); one that comes out different from before makes its readers
        stale, so make the parts before what is made of them."""
        note(("made", name))
        if name in self.fresh:
            return self.fresh[name].value
        kept = self.store.made.get(name)
        if kept is not None and name not in self.stale:
            return kept.value
        if not self.recording:
            self.fresh[name] = Made(value := make(), frozenset())
            return value
        reads: set[Key] = set()
        _reading.append(reads)
        try:
            value = make()
        finally:
            _reading.pop()
        self.fresh[name] = Made(value, frozenset(reads))
        if kept is None or kept.value != value:
            self.mark((("made", name),))
        return value

    def take(self, name: Hashable, make: Callable[[], Any]) -> Any:
        """make(), outside a family: the store keeps such a thing while runs ask for it."""
        self.used.add(name)
        return self.make(name, make)

    def each(self, family: str, items: Mapping[K, V], make: Callable[[V], Any]) -> dict[K, Any]:
        """id → make(item) for every item, each thing named (family, id): those the store has are
        taken without asking them, only the new ones and those that read a change are made (so a
        run costs what changed, not what there is). A member made again with another value, or
        one added or gone, is a change of the family for whoever read it (read())."""
        before = self.store.families.get(family)
        if before is None:
            values = {key: self.make((family, key), partial(make, item)) for key, item in items.items()}
            self.mark((("family", family),))
        else:
            gone, new = before.keys() - items.keys(), items.keys() - before.keys()
            todo = new | {name[1] for name in self.stale if type(name) is tuple and name[0] == family and name[1] in items}
            if not gone and not todo:
                self.families[family] = before  # the same object: commit() knows it has nothing to do
                return before
            values = dict(before)
            for key in gone:
                del values[key]
            moved = bool(gone or new)
            for key in todo:
                values[key] = self.make((family, key), partial(make, items[key]))
                moved = moved or values[key] is not before.get(key) and values[key] != before.get(key)
            if moved:
                self.mark((("family", family),))
        self.families[family] = values
        return values

    def read(self, family: str) -> dict[Any, Any]:
        """A family's values as each() left them, noted as a read of the whole family."""
        note(("family", family))
        return self.families[family]

    def mark(self, keys: Iterable[Key]) -> None:
        for key in keys:
            if key not in self.changed:
                self.changed.add(key)
                self.stale.update(self.store.readers.get(key, ()))

    def remade(self, name: Hashable) -> bool:
        return name in self.fresh

    def commit(self) -> None:
        """Put what this run made into the store, and drop what it no longer has: family members
        gone, and things outside a family it did not ask for."""
        store, readers, emptied = self.store, self.store.readers, []

        def forget(name: Hashable, reads: frozenset[Key]) -> None:
            for key in reads:
                names = readers[key]
                names.discard(name)
                if not names:
                    emptied.append(key)

        for name, made in self.fresh.items():
            before = store.made.get(name)
            if before is not None:
                forget(name, before.reads - made.reads)
            for key in made.reads:
                readers.setdefault(key, set()).add(name)
            store.made[name] = made
        gone = [
            (family, key)
            for family, values in self.families.items()
            if values is not store.families.get(family)
            for key in store.families.get(family, {}).keys() - values.keys()
        ]
        gone += [(family, key) for family in store.families.keys() - self.families.keys() for key in store.families[family]]
        for name in gone + list(store.loose - self.used):
            if name in store.made:
                forget(name, store.made.pop(name).reads)
        store.families = self.families
        store.loose = self.used
        now, seen = self.fingerprints, store.seen
        fresh_keys = set().union(*(made.reads for made in self.fresh.values())) if self.fresh else set()
        # An input already seen and not found changed is as it was (compare() is told every input
        # that may have changed).
        for key in (fresh_keys - seen.keys()) | self.changed:
            if key[0] not in ("made", "family"):  # seen as they are made
                seen[key] = now(key)
                store.kinds.setdefault(key[0], set()).add(key)
        for key in emptied:
            if not readers.get(key, True):
                del readers[key]
                if seen.pop(key, None) is not None or key[0] in store.kinds:
                    store.kinds.get(key[0], set()).discard(key)
