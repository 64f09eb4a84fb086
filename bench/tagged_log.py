"""Reads the logs of the side-by-side scripts: lines "TAG {json}" grouped by TAG.

usage (from a script's summary step): rows = tagged_log.read(path)
"""
import json


def read(path):
    rows = {}
    for line in open(path):
        tag, _, body = line.strip().partition(" ")
        if body:
            rows.setdefault(tag, []).append(json.loads(body))
    return rows
