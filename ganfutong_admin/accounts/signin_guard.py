"""The one guard every sign-in goes through (the login page and the token endpoint): a rate limit per client
address, failures counted per address and per account, and a per-account lock with back-off.

Counting is atomic in the shared cache (Redis when REDIS_URL is set, so every web process and host sees the
same counts; the process-local LocMemCache in the embedded default): `cache.add` creates a counter with its
lifetime, `cache.incr` adds one in a single server operation. Each attempt takes its number *before* the
password is checked, so of any number of parallel attempts exactly LOCKOUT_FAILURE_LIMIT get their password
checked, the rest are refused, and none is lost.

The rules (policy values, read at sign-in):

- LOCKOUT_FAILURE_LIMIT (5) failures of one account are allowed; the attempt after them is refused. The account
  is then locked for LOCKOUT_MINUTES (30), twice as long for each further lock in a row (60, 120 ... at most
  24 hours), never forever. A streak of locks is forgotten 24 hours after its last lock ended.
- While locked, every attempt gets the same answer and its password is not checked: no right/wrong oracle.
  The lock is the account's, whatever address the attempts come from.
- A success resets the account's failure count (a lock cannot be ended by the right password, and the back-off
  history is kept: an attacker does not get a fresh, short lock each time the user signs in).
- IP_FAILURE_LIMIT (100) failed or refused attempts an hour from one client address (the proxy-aware address,
  TRUSTED_PROXY_COUNT) refuse that address for the rest of the hour, whatever account it tries. It refuses the
  address; it locks no account. So one sprayer behind an office proxy can make at most IP_FAILURE_LIMIT
  guesses an hour, and lock at most IP_FAILURE_LIMIT / LOCKOUT_FAILURE_LIMIT accounts, each for a while.
- SIGNIN_RATE_PER_MINUTE (setting, 30) sign-in requests a minute from one address, counted before anything
  else (a malformed body too). A success takes its request back: the limit slows down guessing and floods of
  password hashing, not an office behind one address signing in at nine.

The accepted cost: anyone who knows a user name can keep that one account locked by guessing wrongly now and
then (the lock is per account so that no address can keep guessing). Back-off keeps each lock bounded and
sys_admin can unlock (lockout.unlock).

Counters live in the cache only (no table): a flushed Redis forgets counts and locks, as a restart would.
"""

import hashlib
import math
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.utils import timezone

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.policy.parameters import value as policy_value

from . import security_policy
from .signin_backend import mark_guarded

# The longest lock, however long the streak.
MAX_LOCK = timedelta(hours=24)
# A streak of locks is forgotten this long after its last lock ended; a series of failures this long after its
# first failure.
STREAK_MEMORY = timedelta(hours=24)
# How long the cache keeps an account's streak entry after its last lock (it holds the series number too).
STREAK_ENTRY_SECONDS = 30 * 24 * 3600
ADDRESS_WINDOW_SECONDS = 3600
RATE_WINDOW_SECONDS = 60
RATE_KEY = "_signin_rate_key"  # the request's rate counter (check_rate), taken back by a success

# Why an attempt was refused without checking its password.
ACCOUNT_LOCKED = "account_locked"
ADDRESS_REFUSED = "address_refused"
RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class Outcome:
    """What the guard decided: a user (signed in), no user (a wrong password, checked) or a refusal."""

    user: object = None
    refused: str = ""  # one of the reasons above, "" when the password was checked
    retry_after: int = 0  # seconds, for the Retry-After header; 0 when not known
    locked_until: datetime | None = None


# --- where the counts live ------------------------------------------------------------------------------------

def client_ip(request):
    """The client address as the security log and the metrics endpoint see it: the TRUSTED_PROXY_COUNT-th
    X-Forwarded-For entry from the right behind proxies, REMOTE_ADDR otherwise (forged headers ignored)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def _account(username):
    """The account part of the keys: a digest of the user name as the user model normalizes it (so a key is
    safe for any cache whatever was typed, and the admin pages find it from the stored user name)."""
    normalized = unicodedata.normalize("NFKC", str(username or ""))
    return hashlib.sha256(normalized.encode()).hexdigest()[:32]


def _lock_key(account):
    return f"signin:lock:{account}"


def _streak_key(account):
    # (locks in a row, when that streak is forgotten, the number of the current series of failures)
    return f"signin:streak:{account}"


def _failures_key(account, series):
    # Each lock (and each unlock) starts a new series of failures under a new key, so that nothing has to be
    # reset to zero: a reset would race with attempts already counting in the old series.
    return f"signin:failures:{account}:{series}"


def _window(now, seconds):
    """The fixed window `now` falls in, and the seconds left in it. Windows are computed from the clock, not from
    cache lifetimes, so that they behave the same in Redis and in the local cache (and under time_machine)."""
    stamp = now.timestamp()
    index = int(stamp // seconds)
    return index, max(1, math.ceil((index + 1) * seconds - stamp))


def _count(key, lifetime_seconds):
    """Add one to the counter `key` (created with the given lifetime) and return its new value, atomically."""
    for _attempt in range(3):
        cache.add(key, 0, lifetime_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # it expired between add and incr: create it again
            continue
    raise RuntimeError(f"could not count {key}")


def _uncount(key):
    try:
        cache.decr(key)
    except ValueError:  # its window has ended
        pass


def _state(account):
    """(locks in a row, series, locked_until or None). Redis reads both keys at once, the local cache in this
    order; a lock is written before the streak entry that starts the next series, so whoever counts in the new
    series also sees the lock. The moments are compared with the clock here (the cache lifetimes only clean
    up), so that they hold the same in Redis and in the local cache."""
    values = cache.get_many([_streak_key(account), _lock_key(account)])
    now = timezone.now().timestamp()
    in_row, forget_at, series = values.get(_streak_key(account)) or (0, 0, 0)
    if forget_at <= now:
        in_row = 0
    until = values.get(_lock_key(account))
    return in_row, series, (datetime.fromtimestamp(until, tz=UTC) if until and until > now else None)


def lock_minutes(in_row):
    """How long the lock after `in_row` earlier locks in a row lasts."""
    first = policy_value(security_policy.LOCKOUT_MINUTES)
    return min(first * 2 ** min(in_row, 16), int(MAX_LOCK.total_seconds() // 60))


# --- the guard --------------------------------------------------------------------------------------------------

def check_rate(request):
    """Count one sign-in request from the client's address; an Outcome refusing it past the per-minute limit,
    else None. Called before the request's body is even read; sign_in() takes it back if it succeeds."""
    index, left = _window(timezone.now(), RATE_WINDOW_SECONDS)
    key = f"signin:rate:{client_ip(request)}:{index}"
    made = _count(key, RATE_WINDOW_SECONDS * 2)
    limit = settings.SIGNIN_RATE_PER_MINUTE
    if made <= limit:
        setattr(request, RATE_KEY, key)
        return None
    if made == limit + 1:  # the first refusal of the window goes to the security log, not every one of a flood
        _log_refusal(request, "", RATE_LIMITED)
    return Outcome(refused=RATE_LIMITED, retry_after=left)


def sign_in(request, username, password):
    """Check a user name and password, unless the address or the account is refused. Returns an Outcome; its
    user is set only for the right password of an active account that is not locked."""
    now = timezone.now()
    index, left = _window(now, ADDRESS_WINDOW_SECONDS)
    address_key = f"signin:address:{client_ip(request)}:{index}"
    # Counted as a failure from the start; a success takes it back.
    if _count(address_key, ADDRESS_WINDOW_SECONDS + 60) > policy_value(security_policy.IP_FAILURE_LIMIT):
        return _refuse(request, username, ADDRESS_REFUSED, retry_after=left)

    account = _account(username)
    in_row, series, until = _state(account)
    if until is not None:
        return _refuse(request, username, ACCOUNT_LOCKED, until=until)
    limit = policy_value(security_policy.LOCKOUT_FAILURE_LIMIT)
    failures_key = _failures_key(account, series)
    number = _count(failures_key, int(STREAK_MEMORY.total_seconds()))
    if number > limit:
        # Attempts that ran in parallel with the limit-th: refused like the ones after the lock.
        return _refuse(request, username, ACCOUNT_LOCKED, until=_state(account)[2])

    try:
        mark_guarded(request)
        user = authenticate(request, username=username, password=password)  # a failure: LOGIN_FAILED (signal)
    except BaseException:
        if number == limit:
            _lock(request, username, account, in_row, series)
        raise
    if user is not None:
        cache.delete(failures_key)  # the failure count, not the streak of locks
        _uncount(address_key)
        if hasattr(request, RATE_KEY):
            _uncount(getattr(request, RATE_KEY))
        return Outcome(user=user)
    if number == limit:
        _lock(request, username, account, in_row, series)
    return Outcome()


def _lock(request, username, account, in_row, series):
    """Lock the account after its limit-th failure: exactly one attempt of each series gets here."""
    minutes = lock_minutes(in_row)
    until = timezone.now() + timedelta(minutes=minutes)
    # The lock first, then the next series (emptied of anything stale), then the entry that points to it.
    cache.set(_lock_key(account), until.timestamp(), minutes * 60)
    cache.delete(_failures_key(account, series + 1))
    cache.set(_streak_key(account), (in_row + 1, (until + STREAK_MEMORY).timestamp(), series + 1),
              STREAK_ENTRY_SECONDS)
    record(EventKind.LOCKOUT, request=request, target=str(username)[:200], username=str(username)[:150],
           until=until.isoformat(), minutes=minutes, lock_in_a_row=in_row + 1)


def _refuse(request, username, reason, *, until=None, retry_after=0):
    _log_refusal(request, username, reason)
    if until is not None:
        retry_after = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return Outcome(refused=reason, retry_after=retry_after, locked_until=until)


def _log_refusal(request, username, reason):
    # A refused attempt is a failed sign-in too: the same signal authenticate() sends (the security log writes
    # LOGIN_FAILED from it), with the reason for any receiver that wants it.
    user_login_failed.send(sender=__name__, credentials={"username": str(username or "")}, request=request,
                           reason=reason)


# --- for the account administration pages ---------------------------------------------------------------------

def locked_until(username):
    """When the account's lock ends, or None when it is not locked."""
    return _state(_account(username))[2]


def is_locked(username):
    return locked_until(username) is not None


def locked_until_many(usernames):
    """{username: end of its lock} for the locked ones among `usernames` (one cache round trip)."""
    usernames = list(usernames)
    keys = {_lock_key(_account(name)): name for name in usernames}
    now = timezone.now()
    found = {}
    for key, stamp in cache.get_many(list(keys)).items():
        until = datetime.fromtimestamp(stamp, tz=UTC)
        if until > now:
            found[keys[key]] = until
    return found


def unlock(username):
    """Lift the account's lock, and start it afresh: no failures, no streak of locks. True when it was locked."""
    account = _account(username)
    _in_row, series, until = _state(account)
    cache.delete(_failures_key(account, series + 1))
    cache.set(_streak_key(account), (0, 0, series + 1), STREAK_ENTRY_SECONDS)
    cache.delete(_lock_key(account))
    return until is not None
