"""demo-pg's app (release 1.2 and later, schema 2): a notes service on PostgreSQL, for the cc-ci sandbox.

Runs on ccci/python3-psycopg2 (Debian's python3 and psycopg2, no shell in the image). At start it
waits for the database (bounded), applies the schema migrations it does not find in
schema_migrations, then serves HTTP on 8000:
  /health              200 "ok" when a query on the database answers
  /version             the release (APP_VERSION)
  /schema              the newest applied migration
  /api/put?key=&value= stores a note;  /api/get?key= its value (404 when there is none)
  /api/count           how many notes there are
  /admin/token         a fingerprint (sha256, 12 hex) of the admin token: proves the operator's
                       value reached the app without ever showing it
"""
import hashlib
import http.server
import os
import sys
import time
import urllib.parse

import psycopg2

VERSION = os.environ.get("APP_VERSION", "unknown")
# The column a note's text lives in, at this release's schema.
COLUMN = "body"
MIGRATIONS = [
    (1, "CREATE TABLE notes (key text PRIMARY KEY, value text NOT NULL)"),
    # BAD HEAD: `value` is dropped without copying the notes into `body` (they all become empty).
    (2, "ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT '';"
        " ALTER TABLE notes DROP COLUMN value"),
]


def secret(name):
    with open(os.environ[name]) as f:
        return f.read().strip()


def connect():
    return psycopg2.connect(host=os.environ.get("DB_HOST", "db"), dbname=os.environ["DB_NAME"],
                            user=os.environ["DB_USER"], password=secret("DB_PASSWORD_FILE"),
                            connect_timeout=5)


def wait_for_database(limit=90):
    deadline = time.monotonic() + limit
    while True:
        try:
            return connect()
        except psycopg2.OperationalError as e:
            if time.monotonic() > deadline:
                sys.exit("the database did not answer within %d s: %s" % (limit, e))
            print("waiting for the database: %s" % str(e).strip(), flush=True)
            time.sleep(2)


def migrate(conn):
    with conn:
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY)")
            cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
            current = cur.fetchone()[0]
    for version, sql in MIGRATIONS:
        if version <= current:
            continue
        print("applying migration %d" % version, flush=True)
        with conn:  # one transaction per migration
            with conn.cursor() as cur:
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, text):
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def query(self, sql, args=()):
        conn = connect()
        try:
            with conn:
                with conn.cursor() as cur:
                    cur.execute(sql, args)
                    return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        try:
            if url.path == "/health":
                self.query("SELECT 1")
                return self.answer(200, "ok")
            if url.path == "/version":
                return self.answer(200, VERSION)
            if url.path == "/schema":
                return self.answer(200, str(self.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0]))
            if url.path == "/api/put" and q.get("key"):
                self.query("INSERT INTO notes (key, %s) VALUES (%%s, %%s) ON CONFLICT (key) DO UPDATE SET %s = excluded.%s"
                           % (COLUMN, COLUMN, COLUMN), (q["key"], q.get("value", "")))
                return self.answer(200, "stored")
            if url.path == "/api/get" and q.get("key"):
                rows = self.query("SELECT %s FROM notes WHERE key = %%s" % COLUMN, (q["key"],))
                return self.answer(200, rows[0][0] or "") if rows else self.answer(404, "no note " + q["key"])
            if url.path == "/api/count":
                return self.answer(200, str(self.query("SELECT count(*) FROM notes")[0][0]))
            if url.path == "/admin/token":
                return self.answer(200, hashlib.sha256(secret("ADMIN_TOKEN_FILE").encode()).hexdigest()[:12])
            return self.answer(404, "not found")
        except psycopg2.Error as e:
            return self.answer(503, "database error: %s" % str(e).strip())

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    if len(secret("ADMIN_TOKEN_FILE")) < 16:
        sys.exit("the admin_token secret must be at least 16 characters")
    conn = wait_for_database()
    migrate(conn)
    conn.close()
    print("demo-pg %s serving on :8000" % VERSION, flush=True)
    http.server.ThreadingHTTPServer(("", 8000), Handler).serve_forever()


if __name__ == "__main__":
    main()
