# Moves one backup's three files between a local directory and an S3-compatible bucket, with AWS
# Signature V4 and path-style addressing, using Python's standard library only: it runs in the
# Mathesar image, which has Python and nothing else to count on. Invoked as
#   python3 -c "<this file>" put|get|delete
# Env: S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_PREFIX, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# LOCAL_DIR; optional TERMINATION_LOG, S3_MULTIPART_THRESHOLD, S3_PART_SIZE, S3_CA_PEM (the one CA
# an https endpoint's certificate is checked against, instead of the image's public ones).
# A failure is one line "Reason: message" in the termination log and on stderr, exit 1. No output
# ever holds the secret key, a signature or more of a response than S3's error code and message.
import datetime
import errno
import hashlib
import hmac
import http.client
import json
import os
import socket
import ssl
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET

FILES = ("database.dump", "media.tar", "backup.json")  # backup.json last: it marks a whole backup
TERMINATION_LOG = os.environ.get("TERMINATION_LOG", "/dev/termination-log")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class Failure(Exception):
    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


def fail(reason, message):
    raise Failure(reason, message)


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        fail("S3Config", "%s is not set" % name)
    return value


class Bucket:
    def __init__(self):
        endpoint = env("S3_ENDPOINT").rstrip("/")
        url = urllib.parse.urlsplit(endpoint)
        if url.scheme not in ("http", "https") or not url.hostname or url.path or url.query:
            fail("S3Config", "S3_ENDPOINT must be http(s)://host[:port], not %s" % endpoint)
        self.endpoint = endpoint
        self.scheme = url.scheme
        self.netloc = url.netloc
        self.bucket = env("S3_BUCKET")
        self.region = env("S3_REGION", "us-east-1")
        self.prefix = env("S3_PREFIX").strip("/")
        self.key_id = env("AWS_ACCESS_KEY_ID")
        self.secret = env("AWS_SECRET_ACCESS_KEY")
        self.location = "s3://%s/%s/" % (self.bucket, self.prefix)
        self.tls = self.tls_context(os.environ.get("S3_CA_PEM", ""))

    def key(self, name):
        return self.prefix + "/" + name

    def path(self, key):
        return "/" + urllib.parse.quote(self.bucket, safe="") + "/" + urllib.parse.quote(key, safe="/~")

    def headers(self, method, path, query, payload_hash, extra=None):
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date = now.strftime("%Y%m%dT%H%M%SZ")
        day = now.strftime("%Y%m%d")
        headers = {"host": self.netloc, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash}
        headers.update(extra or {})
        names = sorted(headers)
        canonical_query = "&".join(
            "%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
            for k, v in sorted(query.items())
        )
        canonical = "\n".join(
            [method, path, canonical_query]
            + ["%s:%s" % (n, str(headers[n]).strip()) for n in names]
            + ["", ";".join(names), payload_hash]
        )
        scope = "%s/%s/s3/aws4_request" % (day, self.region)
        to_sign = "\n".join(
            ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
        )
        signing_key = ("AWS4" + self.secret).encode()
        for part in (day, self.region, "s3", "aws4_request"):
            signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
            self.key_id,
            scope,
            ";".join(names),
            signature,
        )
        return headers

    def tls_context(self, ca_pem):
        if self.scheme != "https":
            if ca_pem:
                fail("S3Config", "spec.target.s3.caSecret is for an https endpoint, not %s" % self.endpoint)
            return None
        if not ca_pem:
            return ssl.create_default_context()
        try:
            context = ssl.create_default_context(cadata=ca_pem)
        except (ssl.SSLError, ValueError) as e:
            fail("S3Config", "spec.target.s3.caSecret holds no certificate the Job can read (%s)"
                 % (str(e) or e.__class__.__name__))
        # Python 3.13 turned on OpenSSL's strict mode, which refuses many private CAs that curl
        # and the JDK take (no keyUsage on the CA, say): the one CA named is trusted as OpenSSL
        # trusts it by default, with the chain and host name checked all the same.
        context.verify_flags &= ~ssl.VERIFY_X509_STRICT
        return context

    def connection(self):
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.netloc, timeout=60, context=self.tls)
        return http.client.HTTPConnection(self.netloc, timeout=60)

    def request(self, method, key, query=None, body=None, length=0, payload_hash=EMPTY_SHA256,
                sink=None, ok=(200,)):
        """One request, retried on a lost connection, a 5xx or a 429. body: a callable giving a
        fresh stream (the retry sends it again from its start). sink: a file the answer goes to.
        Returns (status, headers, the answer's bytes unless sunk)."""
        query = query or {}
        path = self.path(key)
        target = path + ("?" + urllib.parse.urlencode(sorted(query.items())) if query else "")
        last = None
        for attempt in range(3):
            if attempt:
                time.sleep(2 * attempt)
            extra = {"content-length": str(length)} if method in ("PUT", "POST") else None
            headers = self.headers(method, path, query, payload_hash, extra)
            conn = self.connection()
            try:
                conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
                for name, value in headers.items():
                    conn.putheader(name, value)
                conn.endheaders()
                if body is not None:
                    with body() as stream:
                        remaining = length
                        while remaining > 0:
                            chunk = stream.read(min(1 << 20, remaining))
                            if not chunk:
                                fail("S3Error", "%s changed while it was sent" % key)
                            conn.send(chunk)
                            remaining -= len(chunk)
                response = conn.getresponse()
                if response.status in ok and sink is not None:
                    sink.seek(0)  # (a retry starts the file again)
                    sink.truncate()
                    received = 0
                    while True:
                        chunk = response.read(1 << 20)
                        if not chunk:
                            break
                        sink.write(chunk)
                        received += len(chunk)
                    # http.client ends a body cut short as if it were whole: count it.
                    expected = response.getheader("Content-Length")
                    if expected is not None and received != int(expected):
                        raise ConnectionResetError(
                            errno.ECONNRESET, "connection closed after %d of %s bytes" % (received, expected))
                    return response.status, response.headers, b""
                data = response.read()
                if response.status >= 500 or response.status == 429:
                    last = ("S3Error", self.describe(method, key, response.status, data))
                    continue
                return response.status, response.headers, data
            except ssl.SSLCertVerificationError as e:
                # A certificate not trusted now is not trusted on a retry either.
                fail("S3CertificateUntrusted",
                     "the certificate of S3 endpoint %s is not trusted: %s; if a private CA signed it,"
                     " name that CA in spec.target.s3.caSecret" % (self.endpoint, e.verify_message))
            except (socket.gaierror,) as e:
                # A name that does not resolve will not resolve on a retry either.
                fail("S3Unreachable", "cannot reach S3 endpoint %s: %s; check spec.target.s3.endpoint"
                     % (self.endpoint, e.strerror or e))
            except (OSError, http.client.HTTPException) as e:
                last = ("S3Unreachable", "cannot reach S3 endpoint %s: %s; check spec.target.s3.endpoint"
                        % (self.endpoint, getattr(e, "strerror", None) or e.__class__.__name__))
            finally:
                conn.close()
        fail(*last)

    def describe(self, method, key, status, data):
        code, message = error_of(data)
        return "%s s3://%s/%s: HTTP %d%s%s" % (
            method, self.bucket, key, status, (" " + code) if code else "", (": " + message) if message else "")

    def refused(self, method, key, status, data):
        code, _ = error_of(data)
        if status == 403:
            fail("S3AccessDenied", self.describe(method, key, status, data)
                 + "; check the credentials Secret and the region")
        if code == "NoSuchBucket":
            fail("S3BucketNotFound", "no bucket %s at %s; create it or fix spec.target.s3.bucket"
                 % (self.bucket, self.endpoint))
        fail("S3Error", self.describe(method, key, status, data))

    def exists(self, key):
        status, _, data = self.request("HEAD", key, ok=(200, 404))
        if status == 200:
            return True
        if status == 404:
            # HEAD has no body: a missing bucket shows only on a request that has one.
            self.bucket_exists()
            return False
        # Nor does a HEAD refused show S3's error code (SignatureDoesNotMatch, a wrong region, ...):
        # a request with a body does.
        self.bucket_exists()
        self.refused("HEAD", key, status, data)

    def bucket_exists(self):
        status, _, data = self.request("GET", "", query={"list-type": "2", "max-keys": "1",
                                                         "prefix": self.prefix + "/"})
        if status != 200:
            self.refused("GET", "", status, data)

    def put(self, path, key):
        size = os.path.getsize(path)
        threshold = int(os.environ.get("S3_MULTIPART_THRESHOLD", str(1 << 30)))
        if size > threshold:
            return self.put_multipart(path, key, size)
        status, _, data = self.request("PUT", key, body=lambda: open(path, "rb"), length=size,
                                       payload_hash=file_sha256(path, 0, size))
        if status != 200:
            self.refused("PUT", key, status, data)

    def put_multipart(self, path, key, size):
        # S3 takes at most 10000 parts: a larger file gets larger parts.
        part_size = max(5 << 20, int(os.environ.get("S3_PART_SIZE", str(64 << 20))), -(-size // 10000))
        status, _, data = self.request("POST", key, query={"uploads": ""})
        if status != 200:
            self.refused("POST", key, status, data)
        upload_id = text_of(data, "UploadId")
        if not upload_id:
            fail("S3Error", "POST s3://%s/%s?uploads: no UploadId in the answer" % (self.bucket, key))
        try:
            etags = []
            offset, number = 0, 1
            while offset < size:
                length = min(part_size, size - offset)
                status, headers, data = self.request(
                    "PUT", key, query={"partNumber": str(number), "uploadId": upload_id},
                    body=lambda o=offset, n=length: Window(path, o, n), length=length,
                    payload_hash=file_sha256(path, offset, length))
                if status != 200:
                    self.refused("PUT", key, status, data)
                etags.append((number, headers.get("ETag", "")))
                offset += length
                number += 1
            body = ("<CompleteMultipartUpload>" + "".join(
                "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (n, escape(e)) for n, e in etags)
                + "</CompleteMultipartUpload>").encode()
            status, _, data = self.request("POST", key, query={"uploadId": upload_id},
                                           body=lambda: Bytes(body), length=len(body),
                                           payload_hash=hashlib.sha256(body).hexdigest())
            # S3 can answer 200 with an error in the body. NoSuchUpload after a retry: the first
            # Complete went through and its answer was lost; the object says so.
            if status != 200 or error_of(data)[0]:
                if error_of(data)[0] == "NoSuchUpload" and self.size_of(key) == size:
                    return
                self.refused("POST", key, status, data)
        except Failure:
            try:
                self.request("DELETE", key, query={"uploadId": upload_id}, ok=(204, 200, 404))
            except Failure:
                pass
            raise

    def size_of(self, key):
        status, headers, _ = self.request("HEAD", key, ok=(200, 404))
        return int(headers.get("Content-Length", "-1")) if status == 200 else None

    def owner(self, key):
        """The uid a backup.json names, "" without one, None when there is no backup.json."""
        status, _, data = self.request("GET", key, ok=(200, 404))
        if status == 404:
            return None
        if status != 200:
            self.refused("GET", key, status, data)
        try:
            return str(json.loads(data.decode("utf-8")).get("uid", ""))
        except (ValueError, UnicodeDecodeError, AttributeError):
            return ""

    def get(self, key, path):
        with open(path, "wb") as sink:
            status, _, data = self.request("GET", key, sink=sink)
        if status != 200:
            self.refused("GET", key, status, data)

    def delete(self, key):
        status, _, data = self.request("DELETE", key, ok=(200, 204, 404))
        if status not in (200, 204, 404):
            self.refused("DELETE", key, status, data)


class Window:
    """length bytes of a file from offset, as a stream (one part of a multipart upload)."""

    def __init__(self, path, offset, length):
        self.file = open(path, "rb")
        self.file.seek(offset)
        self.left = length

    def read(self, n):
        data = self.file.read(min(n, self.left))
        self.left -= len(data)
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


class Bytes(Window):
    def __init__(self, data):
        import io

        self.file = io.BytesIO(data)
        self.left = len(data)


def file_sha256(path, offset, length):
    digest = hashlib.sha256()
    with Window(path, offset, length) as stream:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def error_of(data):
    try:
        root = ET.fromstring(data) if data else None
    except ET.ParseError:
        return "", ""
    if root is None or not root.tag.endswith("Error"):
        return "", ""
    code = text_of(data, "Code") or ""
    message = (text_of(data, "Message") or "")[:200]
    return code, message


def text_of(data, tag):
    try:
        for element in ET.fromstring(data).iter():
            if element.tag == tag or element.tag.endswith("}" + tag):
                return element.text
    except ET.ParseError:
        pass
    return None


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def termination(line):
    try:
        with open(TERMINATION_LOG, "w") as log:
            log.write(line)
    except OSError:
        pass


def main(command):
    bucket = Bucket()
    local = env("LOCAL_DIR")
    if command == "put":
        if bucket.exists(bucket.key("backup.json")):
            fail("BackupExists", "a backup is already at %s; it is kept: use another MathesarBackup name"
                 % bucket.location)
        for name in FILES:
            bucket.put(os.path.join(local, name), bucket.key(name))
        sizes = {"databaseBytes": os.path.getsize(os.path.join(local, "database.dump")),
                 "mediaBytes": os.path.getsize(os.path.join(local, "media.tar"))}
        termination(json.dumps(sizes, separators=(",", ":")))
        print("backup written to %s" % bucket.location)
    elif command == "get":
        if not bucket.exists(bucket.key("backup.json")):
            fail("BackupNotFound", "no backup.json at %s: it holds no complete backup; check spec.restoreFrom"
                 % bucket.location)
        os.makedirs(local, exist_ok=True)
        for name in reversed(FILES):
            bucket.get(bucket.key(name), os.path.join(local, name))
        print("downloaded %s" % bucket.location)
    elif command == "delete":
        # Only what this MathesarBackup wrote: a backup.json of another uid (the same name in another
        # cluster sharing the bucket, or the backup this one was refused over) is kept, and so are
        # files without a backup.json, which may be another backup's upload under way.
        owner = bucket.owner(bucket.key("backup.json"))
        uid = env("BACKUP_UID")
        if owner != uid:
            line = ("kept %s: its backup.json is of another MathesarBackup" % bucket.location
                    if owner is not None else "nothing to remove at %s: no backup.json" % bucket.location)
            termination(line)
            print(line)
            return
        # backup.json first: a prefix left half-deleted is then no backup a restore would take.
        for name in reversed(FILES):
            bucket.delete(bucket.key(name))
        termination("removed %s" % bucket.location)
        print("removed %s" % bucket.location)
    else:
        fail("S3Config", "unknown command %r: put, get or delete" % command)


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else "")
    except Failure as f:
        line = "%s: %s" % (f.reason, f.message)
        termination(line)
        print(line, file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - the status must say something, not the dump's sizes
        line = "S3Error: %s: %s" % (e.__class__.__name__, str(e)[:200])
        termination(line)
        print(line, file=sys.stderr)
        sys.exit(1)
