"""The package list for setuptools; everything else is in pyproject.toml.

resources/ and sample_docs/ sit at the top of the checkout (where a source checkout and
an editable install find them); the wheel carries them inside the package as
annotator/_resources and annotator/_sample_docs, where annotator/paths.py looks next.
"""

from setuptools import find_namespace_packages, find_packages, setup

BUNDLED = {"annotator._resources": "resources", "annotator._sample_docs": "sample_docs"}
# Every folder of theirs is listed as a package of data files: setuptools would otherwise
# warn that it "would be ignored" (Python could import it as a namespace package).
DATA_PACKAGES = [
    f"{package}.{sub}" if sub else package
    for package, folder in BUNDLED.items()
    for sub in ["", *find_namespace_packages(where=folder)]
]

setup(
    packages=[*find_packages(include=["annotator*"]), *DATA_PACKAGES],
    package_dir=BUNDLED,
    package_data={package: ["*"] for package in DATA_PACKAGES},
)
