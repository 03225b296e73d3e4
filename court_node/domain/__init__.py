"""The court node's domain: cases, amounts due, freeze planning and the legal rules. Pure Python."""
