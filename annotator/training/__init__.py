"""The model in the loop: train a spaCy model from a project's finished documents, keep
its versions beside the project, and let it suggest. No Qt; the window runs training and
suggestion in child processes (``annotator train``, ``annotator suggest --model``)."""
