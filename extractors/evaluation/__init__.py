"""Scoring extracted facts against gold annotations (`vanban evaluate`)."""
