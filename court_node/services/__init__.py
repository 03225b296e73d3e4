"""Use cases of the court node. Each takes the node's context and the acting user as arguments."""
