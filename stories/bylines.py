"""A byline as editors type it (通讯员 石教炼, 记者：王明 通讯员 李华、张强) read into schema.org
persons: the role in front of a name is their jobTitle, not part of their name."""

import re

ROLES = ["通讯员", "特约通讯员", "记者", "特约记者", "本报记者", "实习记者", "摄影", "编辑"]
SEPARATORS = re.compile(r"[\s、，,；;/]+")
ROLE_PREFIX = re.compile("^(" + "|".join(ROLES) + ")[：:]?")


def byline_people(byline):
    """[{"@type": "Person", "name": ..., "jobTitle": ...}, ...] for each name in the byline."""
    people, role = [], None
    for word in SEPARATORS.split(byline.strip()):
        if match := ROLE_PREFIX.match(word):
            role, word = match.group(1), word[match.end() :]
        word = word.strip("：:")
        if word:
            people.append({"@type": "Person", "name": word, **({"jobTitle": role} if role else {})})
    return people
