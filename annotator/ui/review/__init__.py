"""Review mode: the units list, the annotators' panes, adjudication and the agreement window."""
