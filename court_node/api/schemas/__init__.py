"""marshmallow schemas for every request and response of the court node's API."""
