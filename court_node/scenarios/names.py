"""What the parser knows so far: the providers, the subjects and their accounts, the cases and freezes named.

Steps refer to earlier steps by name (``case: loan``, ``release: first``); a name used before it is given,
or given twice, is refused with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from court_node.scenarios import values as v
from court_node.scenarios.model import AccountRef, FreezeRef, SubjectSpec
from court_node.scenarios.nodes import Node, Scalar

_NAME = re.compile(r"^[^\s/]{1,64}$")


@dataclass
class Names:
    providers: tuple[str, ...]
    subjects: dict[str, SubjectSpec] = field(default_factory=dict)
    accounts: dict[str, list[AccountRef]] = field(default_factory=dict)  # account number -> where it is
    cases: dict[str, str] = field(default_factory=dict)  # case name -> court code
    freezes: dict[str, str] = field(default_factory=dict)  # freeze name -> its case's name

    def provider(self, r: v.Reader, node: Node, what: str = "provider") -> str:
        name = v.text(r, node, what)
        if name not in self.providers:
            r.fail(node.line, f"{what} {name!r} is not in this scenario's stack "
                              f"(providers: {', '.join(self.providers)})")
        return name

    def check_provider(self, r: v.Reader) -> Callable[[Scalar], None]:
        def check(key: Scalar) -> None:
            self.provider(r, key)
        return check

    def new_name(self, r: v.Reader, node: Node, what: str) -> str:
        name = v.text(r, node, what)
        if not _NAME.match(name):
            r.fail(node.line, f"{what} {name!r} must be one word without '/' (e.g. loan, first_freeze)")
        if name in self.cases or name in self.freezes:
            r.fail(node.line, f"the name {name!r} is already used by an earlier step")
        return name

    def case(self, r: v.Reader, node: Node, what: str = "case") -> str:
        name = v.text(r, node, what)
        if name not in self.cases:
            known = ", ".join(self.cases) or "none yet; file_case names them"
            r.fail(node.line, f"unknown case {name!r} (cases named so far: {known})")
        return name

    def subject(self, r: v.Reader, node: Node, what: str) -> SubjectSpec:
        key = v.text(r, node, what)
        if key not in self.subjects:
            r.fail(node.line, f"unknown subject {key!r} (subjects: {', '.join(self.subjects) or 'none'})")
        return self.subjects[key]

    def account(self, r: v.Reader, node: Node, what: str = "account") -> AccountRef:
        """``6222021234567890123`` (seeded at one provider) or ``bank/6222021234567890123``."""
        raw = v.text(r, node, what)
        provider, slash, number = raw.partition("/")
        if slash:
            self.provider(r, node, f"{what}'s provider")
            found = [a for a in self.accounts.get(number, []) if a.provider == provider]
            if not found:
                r.fail(node.line, f"{what} {raw!r}: no subject has account {number!r} at {provider}")
            return found[0]
        found = self.accounts.get(raw, [])
        if not found:
            r.fail(node.line, f"{what} {raw!r} is not an account of any subject of this scenario")
        if len(found) > 1:
            r.fail(node.line, f"{what} {raw!r} is at {' and '.join(a.provider for a in found)}; "
                              f"write provider/{raw}")
        return found[0]

    def freeze(self, r: v.Reader, node: Node, what: str = "freeze") -> FreezeRef:
        """A freeze name given earlier, or ``case/provider`` or ``case/provider/account``."""
        raw = v.text(r, node, what)
        if "/" not in raw:
            if raw not in self.freezes:
                known = ", ".join(self.freezes) or "none yet"
                r.fail(node.line, f"unknown freeze {raw!r} (freezes named so far: {known}; or write "
                                  f"case/provider, e.g. loan/bank)")
            return FreezeRef(name=raw)
        case, _, rest = raw.partition("/")
        provider, _, account = rest.partition("/")
        if case not in self.cases:
            r.fail(node.line, f"{what} {raw!r}: unknown case {case!r}")
        if provider not in self.providers:
            r.fail(node.line, f"{what} {raw!r}: {provider!r} is not a provider of this scenario")
        return FreezeRef(case=case, provider=provider, account_no=account or None)

    def case_of_freeze(self, ref: FreezeRef) -> str:
        return self.freezes[ref.name] if ref.name is not None else str(ref.case)
