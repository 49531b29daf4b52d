"""Outputs for people: the notebook suite run on a pair and exported as offline HTML."""
