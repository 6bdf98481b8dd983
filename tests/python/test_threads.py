"""One Directory shared by threads (cffi releases the GIL during calls)."""
from concurrent.futures import ThreadPoolExecutor

import onboard
from conftest import GOOD_PASSWORD, START, create_acme


def test_threads_invite_and_accept_on_one_directory(tmp_path):
    with onboard.Directory.open("sqlite:%s" % (tmp_path / "t.db"), key_file=tmp_path / "t.key", now=START) as d:
        w = create_acme(d)

        def work(i):
            issued = d.invite(w.org_id, w.admin_id, "t%d@acme.example" % i)
            return d.accept_invitation(w.org_id, issued.token, name="Thread Worker", password=GOOD_PASSWORD).email

        with ThreadPoolExecutor(4) as pool:
            emails = sorted(pool.map(work, range(6)))
        assert emails == sorted("t%d@acme.example" % i for i in range(6))
        assert len(d.users(w.org_id, w.admin_id)) == 7


def test_one_token_accepted_by_several_threads_makes_one_account(world):
    issued = world.dir.invite(world.org_id, world.admin_id, "rita@acme.example")

    def accept(_):
        try:
            world.dir.accept_invitation(world.org_id, issued.token, name="Racing Rita", password=GOOD_PASSWORD)
            return "ok"
        except (onboard.AlreadyUsedError, onboard.AlreadyExistsError) as e:
            return type(e).__name__

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(accept, range(4)))
    assert results.count("ok") == 1
