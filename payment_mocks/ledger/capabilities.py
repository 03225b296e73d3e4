"""What a provider offers online, by capability profile (DOMAIN.md rule 6, DIALECTS.md profiles)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Capabilities:
    """Switches a provider's profile sets; the ledger obeys them."""

    #: an amount freeze larger than the balance keeps capturing later credits (超额冻结)
    capture_credits: bool = True
    #: deduction (扣划) online; WeChat's 2019 generation could not
    online_deduction: bool = True
    whole_account_freeze: bool = True
    renewal: bool = True
    #: consumption restriction orders refuse payments in restricted categories
    restrictions: bool = True

    def as_dict(self) -> dict[str, bool]:
        return asdict(self)


#: provider name -> profile name -> capabilities
PROFILES: dict[str, dict[str, Capabilities]] = {
    "bank": {"current": Capabilities()},
    "alipay": {"current": Capabilities(capture_credits=False)},
    "wechat": {
        "current": Capabilities(),
        # What a Beijing court reported of WeChat wallet in 2019: freeze up to the balance, no capture, no deduction.
        "2019": Capabilities(capture_credits=False, online_deduction=False, whole_account_freeze=False),
    },
    "generic": {"current": Capabilities()},
}


def profile(provider: str, name: str) -> Capabilities:
    """Look up a profile, failing loudly with the known names."""
    try:
        return PROFILES[provider][name]
    except KeyError:
        known = ", ".join(sorted(PROFILES.get(provider, {})))
        raise ValueError(f"unknown profile {name!r} for provider {provider!r}; known: {known}") from None
