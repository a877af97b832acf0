"""The dependency store (generator/core/depends.py) on its own: after any sequence of input changes,
failed runs and good runs, what a run hands out equals what a run over an empty store makes, and
a thing is made again exactly when something it read changed."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from generator.core.depends import Store, note, one_off

INPUTS = "abcdef"
# Parts read inputs; wholes read parts (made things, noted by making them) and maybe an input.
PARTS = {"p1": "ab", "p2": "bc", "p3": "d", "p4": "ef"}
WHOLES = {"w1": ("p1", "p2", ""), "w2": ("p3", "p4", "a"), "w3": ("p2", "p2", "f")}


class Failure(Exception):
    pass


class Builder:
    """Makes the parts and wholes from `values`, counting what it made."""

    def __init__(self, values: dict[str, int], fail_at: str | None = None):
        self.values, self.fail_at, self.made = values, fail_at, []

    def read(self, key: str) -> int:
        note(("input", key))
        return self.values[key]

    def part(self, name: str) -> int:
        if name == self.fail_at:
            raise Failure(name)
        self.made.append(name)
        # Only the parity of a sum: two different inputs can give the same part, which must then
        # not make its wholes again.
        return sum(self.read(key) for key in PARTS[name]) % 2

    def build(self, run) -> dict[str, int]:
        """The parts as a family (Run.each: only the changed ones are asked); each whole reads two
        parts, as made things, and maybe an input."""
        found = dict(run.each("part", {name: name for name in PARTS}, self.part))

        def whole(name: str) -> int:
            self.made.append(name)
            first, second, key = WHOLES[name]
            parts = [run.make(("part", part), lambda part=part: self.part(part)) for part in (first, second)]
            return parts[0] * 10 + parts[1] + (self.read(key) if key else 0)

        found |= {name: run.take(name, lambda name=name: whole(name)) for name in WHOLES}
        return found


def expected(values: dict[str, int]) -> dict[str, int]:
    return Builder(values).build(one_off())


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.values = dict.fromkeys(INPUTS, 0)
        self.store = Store()
        self.committed: dict[str, int] | None = None  # the values of the last good run
        self.last: dict[str, int] = {}  # what the last good run handed out

    def run(self, fail_at: str | None = None) -> tuple[dict[str, int], list[str]]:
        values = dict(self.values)
        run = self.store.run(lambda key: values[key[1]])
        run.compare()
        builder = Builder(values, fail_at)
        found = builder.build(run)
        if fail_at == "end":  # everything made, then something else goes wrong (writing, say)
            raise Failure(fail_at)
        run.commit()
        return found, builder.made

    @rule(key=st.sampled_from(INPUTS), value=st.integers(0, 3))
    def change(self, key: str, value: int) -> None:
        self.values[key] = value

    @rule(where=st.sampled_from([*sorted(PARTS), "end"]))
    def fail(self, where: str) -> None:
        """A run that fails: while making a part (if the part is made again at all), or after all."""
        try:
            found, _ = self.run(fail_at=where)
        except Failure:
            return
        assert where != "end"  # the part was not made again: the run went through
        assert found == expected(self.values)
        self.committed, self.last = dict(self.values), found

    @rule()
    def build(self) -> None:
        found, made = self.run()
        assert found == expected(self.values)
        if self.committed is not None:
            moved = {key for key in INPUTS if self.values[key] != self.committed[key]}
            for name, keys in PARTS.items():
                assert (name in made) == bool(moved & set(keys)), (name, moved)
            for name, (first, second, key) in WHOLES.items():
                parts_moved = found[first] != self.last[first] or found[second] != self.last[second]
                assert (name in made) == (parts_moved or key in moved), (name, moved)
        self.committed, self.last = dict(self.values), found

    @precondition(lambda self: self.committed is not None)
    @invariant()
    def the_store_forgets_nothing_it_needs(self) -> None:
        assert set(self.store.made) == {("part", name) for name in PARTS} | set(WHOLES)
        for name, made in self.store.made.items():
            for key in made.reads:
                assert name in self.store.readers[key]


StoreMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=25, deadline=None)
test_the_store_makes_again_exactly_what_read_a_change = StoreMachine.TestCase


def test_a_run_that_fails_commits_nothing():
    store, values = Store(), {"a": 1}

    def build(fail: bool) -> int:
        run = store.run(lambda key: values[key[1]])
        run.compare()

        def make() -> int:
            note(("input", "a"))
            if fail:
                raise Failure
            return values["a"] * 2

        found = run.take("double", make)
        run.commit()
        return found

    assert build(False) == 2
    values["a"] = 5
    with pytest.raises(Failure):
        build(True)
    assert store.made["double"].value == 2 and store.seen[("input", "a")] == 1
    assert build(False) == 10
