"""The chat-turn datasets: valid expectations, and every issue-11 action and field covered."""

from typing import Any

import pytest

from agent.intents.schema import Action, CopyKind, Destination, Intent, Topic
from evals.data import DATASETS, load_chat_turns
from evals.intents import matches

SUITES = ["chat_turns.yaml", "chat_turns_heldout.yaml"]


@pytest.mark.parametrize("suite", SUITES)
def test_every_expectation_is_a_valid_intent(suite: str) -> None:
    for case in load_chat_turns(DATASETS / suite):
        assert case.expect.keys() <= Intent.model_fields.keys(), case.text
        Intent.model_validate(case.expect)  # a misspelt enum value fails here, not silently in the eval


def test_a_misspelt_field_is_an_error_not_a_pass() -> None:
    with pytest.raises(KeyError, match="destinaton"):
        matches(Intent(action=Action.NAVIGATE), {"action": "navigate", "destinaton": None})


@pytest.mark.parametrize("suite", SUITES)
def test_the_new_actions_and_their_fields_are_covered(suite: str) -> None:
    expects = [case.expect for case in load_chat_turns(DATASETS / suite)]

    def values(field: str) -> set[Any]:
        return {e[field] for e in expects if e.get(field) is not None}

    assert {"navigate", "question", "copy", "help", "decline"} <= values("action")
    assert not {"cost", "status"} & values("action")
    if suite == "chat_turns.yaml":
        assert values("destination") == {d.value for d in Destination}
        assert values("topic") == {t.value for t in Topic}
        assert values("copy_kind") == {k.value for k in CopyKind}
        assert values("count")
        new = [e for e in expects if e["action"] in {"navigate", "question", "copy", "help", "decline"}]
        assert len(new) >= 40
