"""Read a scenario file into a checked ``Scenario``; anything wrong is a ``ScenarioError`` naming its line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from court_node.adapters.wechat.adapter import PROFILES as WECHAT_PROFILES
from court_node.scenarios import values as v
from court_node.scenarios.actions_spec import ARGS, READERS, REQUIRED, check_subject_id
from court_node.scenarios.errors import ScenarioError
from court_node.scenarios.model import (
    PROVIDERS,
    AccountRef,
    AccountSpec,
    Expectation,
    Scenario,
    StackSpec,
    Step,
    SubjectSpec,
)
from court_node.scenarios.names import Names
from court_node.scenarios.nodes import Mapping, Node, load_nodes
from court_node.scenarios.parse_expect import read_expect

TOP = ("name", "description", "seed", "stack", "subjects", "steps")
STACK = ("start", "providers", "grace_days", "living_allowance", "default_freeze_days", "bank_delay", "profiles")
SUBJECT = ("name", "key", "id_type", "id_number", "accounts")
STEP_META = ("name", "id", "expect")
#: the capability profiles each provider offers
PROFILES = {"bank": ("current",), "alipay": ("current",), "wechat": tuple(WECHAT_PROFILES)}
#: steps that must say what they expect: they do nothing else
EXPECT_ONLY = ("wait", "check")


def load_file(path: Path | str, *, source: str | None = None) -> Scenario:
    """Read and check one scenario file."""
    where = source or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(where, 1, "the file is not UTF-8 text") from None
    except OSError as exc:
        raise ScenarioError(where, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_text(text, where)


def parse_text(text: str, source: str) -> Scenario:
    r = v.Reader(source)
    root = v.mapping(r, load_nodes(text, source), "a scenario file")
    v.check_keys(r, root, TOP, "the scenario", required=("name", "steps"))
    stack = _stack(r.within("stack"), root.get("stack"))
    names = Names(stack.providers)
    subjects = _subjects(r.within("subjects"), root.get("subjects"), names)
    steps_node = v.sequence(r, _present(root, "steps"), "steps")
    if not steps_node.items:
        r.fail(steps_node.line, "steps is empty; a scenario needs at least one step")
    steps = tuple(_step(r, node, i, names, stack) for i, node in enumerate(steps_node.items, start=1))
    seed_node = root.get("seed")
    return Scenario(
        source=source, name=v.text(r, _present(root, "name"), "name"),
        description=_description(r, root.get("description")),
        seed=None if seed_node is None else v.integer(r, seed_node, "seed", low=0),
        stack=stack, subjects=subjects, steps=steps)


def _present(node: Mapping, key: str) -> Node:
    value = node.get(key)
    assert value is not None, key
    return value


def _description(r: v.Reader, node: Node | None) -> str:
    if node is None or v.nullable(node):
        return ""
    return " ".join(v.text(r, node, "description").split())


def _stack(r: v.Reader, node: Node | None) -> StackSpec:
    if node is None:
        return StackSpec()
    body = v.mapping(r, node, "stack")
    v.check_keys(r, body, STACK, "stack")
    spec = StackSpec()
    if (start := body.get("start")) is not None:
        spec = replace(spec, start=v.instant(r, start, "start"))
    if (providers := body.get("providers")) is not None:
        chosen = tuple(v.texts(r, providers, "providers"))
        for name in chosen:
            if name not in PROVIDERS:
                r.fail(providers.line, f"unknown provider {name!r} (one of {', '.join(PROVIDERS)})")
        if len(set(chosen)) != len(chosen):
            r.fail(providers.line, "a provider is named twice")
        if not chosen:
            r.fail(providers.line, "name at least one provider")
        spec = replace(spec, providers=chosen)
    if (grace := body.get("grace_days")) is not None:
        spec = replace(spec, grace_days=v.integer(r, grace, "grace_days", 0, 3650))
    if (allowance := body.get("living_allowance")) is not None:
        spec = replace(spec, living_allowance=v.money(r, allowance, "living_allowance"))
    if (days := body.get("default_freeze_days")) is not None:
        spec = replace(spec, default_freeze_days=v.integer(r, days, "default_freeze_days", 1, 365))
    if (delay := body.get("bank_delay")) is not None:
        spec = replace(spec, bank_delay=v.duration(r, delay, "bank_delay"),
                       bank_delay_text=v.text(r, delay, "bank_delay"))
    if (profiles := body.get("profiles")) is not None:
        chosen_profiles: dict[str, str] = {}
        for key, value in v.mapping(r, profiles, "profiles").entries:
            name = v.text(r, value, f"profiles.{key.text}")
            if key.text not in PROFILES:
                r.fail(key.line, f"unknown provider {key.text!r} in profiles")
            if name not in PROFILES[key.text]:
                r.fail(value.line, f"{key.text} has no profile {name!r} (profiles: {', '.join(PROFILES[key.text])})")
            chosen_profiles[key.text] = name
        spec = replace(spec, profiles=chosen_profiles)
    return spec


def _subjects(r: v.Reader, node: Node | None, names: Names) -> tuple[SubjectSpec, ...]:
    if node is None:
        return ()
    subjects = []
    for i, item in enumerate(v.sequence(r, node, "subjects").items, start=1):
        rr = r.within(f"subject {i}")
        body = v.mapping(rr, item, "a subject")
        v.check_keys(rr, body, SUBJECT, "a subject", required=("name",))
        name = v.text(rr, _present(body, "name"), "name")
        key = v.text(rr, body.get("key") or _present(body, "name"), "key")
        if key in names.subjects:
            rr.fail(body.line, f"two subjects are called {key!r}; give one a key: <short name>")
        id_type = "resident_id" if body.get("id_type") is None else v.text(rr, _present(body, "id_type"), "id_type")
        if id_type not in ("resident_id", "uscc"):
            rr.fail(_present(body, "id_type").line, f"id_type must be resident_id or uscc, not {id_type!r}")
        id_node = body.get("id_number")
        accounts = _accounts(rr, body.get("accounts"), names)
        # a subject with no account is seeded nowhere: its number may be wrong on purpose, for the node to refuse
        number = None if id_node is None else (check_subject_id(rr, id_node, id_type) if accounts
                                               else v.text(rr, id_node, "id_number"))
        subject = SubjectSpec(key, name, id_type, number, accounts, body.line)
        names.subjects[key] = subject
        subjects.append(subject)
    return tuple(subjects)


def _accounts(r: v.Reader, node: Node | None, names: Names) -> tuple[AccountSpec, ...]:
    """``accounts: {bank: {"6222021234567890123": "8600.00"}, alipay: {...}}``."""
    if node is None:
        return ()
    accounts = []
    for provider_key, by_number in v.mapping(r, node, "accounts").entries:
        provider = names.provider(r, provider_key, "accounts")
        for number_key, balance in v.mapping(r, by_number, f"accounts.{provider}").entries:
            number = number_key.text.strip()
            if not 1 <= len(number) <= 40 or "/" in number:
                r.fail(number_key.line, f"account number {number!r} must be 1 to 40 characters without '/'")
            if any(a.provider == provider for a in names.accounts.get(number, [])):
                r.fail(number_key.line, f"account {number!r} is seeded twice at {provider}")
            amount = v.money(r, balance, f"balance of {number}")
            accounts.append(AccountSpec(provider, number, amount, number_key.line))
            names.accounts.setdefault(number, []).append(AccountRef(provider, number))
    return tuple(accounts)


def _step(r: v.Reader, node: Node, index: int, names: Names, stack: StackSpec) -> Step:
    body = v.mapping(r.within(f"step {index}"), node, "a step")
    actions = [key for key, _ in body.entries if key.text in READERS]
    if len(actions) > 1:  # `wait: false` on an inspect is that step's argument, not a second action
        actions = [a for a in actions if not any(a.text in ARGS[b.text] for b in actions)]
    if not actions:
        r.within(f"step {index}").fail(body.line, f"no action; a step starts with one of: {', '.join(READERS)}")
    if len(actions) > 1:
        r.within(f"step {index}").fail(actions[1].line, f"two actions {actions[0].text!r} and {actions[1].text!r} "
                                                        f"in one step; split them into two steps")
    action = actions[0].text
    rr = r.within(f"step {index} ({action})")
    allowed = (action, *ARGS[action], *STEP_META)
    v.check_keys(rr, body, allowed, "the step", required=REQUIRED.get(action, ()))
    target = _present(body, action)
    if action not in ("wait", "check") and v.nullable(target):
        rr.fail(target.line, f"{action} needs a value, e.g. {_EXAMPLES[action]}")
    parsed = READERS[action](rr, body, target, names, stack)
    expect_node = body.get("expect")
    if expect_node is None:
        if action in EXPECT_ONLY:
            rr.fail(body.line, f"{action} needs expect: what must hold")
        expect = Expectation(body.line)
    else:
        expect = read_expect(rr, expect_node, action, names, parsed.case, parsed.freeze)
        if action in EXPECT_ONLY and (expect.error is not None or not expect.probes):
            rr.fail(expect_node.line, f"{action} checks the state: its expect names cases, freezes or accounts")
    label_node, id_node = body.get("name"), body.get("id")
    label = v.text(rr, label_node, "name") if label_node is not None else _label(action, parsed.target)
    if id_node is not None:
        label = f"{v.text(rr, id_node, 'id')}: {label}"
    return Step(index, body.line, action, label, parsed.target, parsed.args, expect, parsed.case, parsed.freeze)


def _label(action: str, target: object) -> str:
    if action == "check" and isinstance(target, str):
        return target  # `check: the bank freeze still holds` names itself
    if target is None or action == "wait":
        return action
    return f"{action} {target}"


_EXAMPLES = {
    "file_case": "file_case: loan", "serve_notice": "serve_notice: loan", "inspect": "inspect: loan",
    "freeze": "freeze: loan", "renew": "renew: first", "release": "release: first", "deduct": "deduct: loan",
    "record_payment": "record_payment: loan", "restrict": "restrict: loan", "pay": "pay: 6222021234567890123",
    "credit": "credit: 6222021234567890123", "advance_clock": "advance_clock: 30d",
    "set_clock": "set_clock: 2027-03-01T09:00:00+08:00", "fault": "fault: alipay",
    "clear_faults": "clear_faults: alipay",
}
