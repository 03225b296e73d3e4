"""The whole stack on loopback: the three mock providers and a court node wired to them by HTTP only."""
