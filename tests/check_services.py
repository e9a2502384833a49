"""Says loudly whether the PostgreSQL and Redis in DATABASE_URL and REDIS_URL answer.

Exit 0 when both do; 1 otherwise, with what failed and how to start them.
"""

import os
import sys

import environ
import psycopg
import redis


def main():
    env = environ.Env()
    db = env.db("DATABASE_URL")
    problems = []
    try:
        psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"],
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        problems.append(f"PostgreSQL at {db['HOST']}:{db['PORT']}: {error}".strip())
    try:
        redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        problems.append(f"Redis at {os.environ['REDIS_URL']}: {error}")
    for problem in problems:
        print(f"!!! not reachable: {problem}", file=sys.stderr)
    if problems:
        print(
            "!!! Start PostgreSQL (trust auth for user postgres on 127.0.0.1:5432) and Redis "
            "(127.0.0.1:6379), or set TEST_DATABASE_URL / TEST_REDIS_URL.",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
