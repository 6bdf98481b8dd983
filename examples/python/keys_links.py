"""The other ways in: a 10-digit key, a pre-created user with a 29-digit key and a printed
document, and a self-registration link with its QR code.

Run from the repository with the library built:
    PYTHONPATH=bindings/python python3 examples/python/keys_links.py
"""
import datetime

import onboard

PASSWORD = "violet tangerine kayak membrane 42"

with onboard.Directory.open("memory:") as directory:
    created = directory.create_organization(
        "Acme", admin_email="ada@acme.example", admin_name="Ada Lovelace",
        admin_password="correct horse battery staple orbit", base_url="https://acme.example", teams=["Sales"])
    org, ada = created.organization, created.admin

    # A key for the spring intake: hand out the digits, they are shown only now.
    until = datetime.date.today() + datetime.timedelta(days=30)
    key = directory.create_registration_key(org.id, ada.id, label="Spring intake", team="Sales",
                                            valid_until=until, max_uses=20)
    print("key", key.grouped, "works until", key.key.valid_until)
    answer = directory.redeem_registration_key(org.id, key.grouped, email="kim@acme.example", name="Kim Lee",
                                               password=PASSWORD, source="192.0.2.10")
    print("registration for", answer.email, "-> check your email:", answer.check_email)
    # Kim opens the confirmation link mailed to her; the host's page asks for the password she
    # chose and calls confirm_email (the link alone does not activate the account).
    [mail] = [m for m in directory.claim_outbox(org.id) if m.kind == "email_confirmation"]
    directory.ack_outbox(org.id, mail.id)
    link_in_mail = next(word for word in mail.body.split() if "/confirm/" in word)
    kim = directory.confirm_email(org.id, link_in_mail, PASSWORD, source="192.0.2.10")
    print(kim.display_name, "joined with the key, team", kim.teams)

    # Someone without email yet: a pre-created user and a page to hand them.
    marie = directory.precreate_user(org.id, ada.id, "Marie", "Curie")
    document = directory.registration_documents(org.id, ada.id, [marie.user.id], format="html")
    print("printed", document.pages, "page for", marie.user.display_name)
    marie_now = directory.redeem_user_key(org.id, marie.grouped, password=PASSWORD, email="marie@acme.example")
    print(marie_now.display_name, "is", marie_now.status)

    # A link for the careers page; the QR code can be drawn again any time.
    link = directory.create_signup_link(org.id, ada.id, label="Careers", allowed_domains=["acme.example"])
    svg = directory.signup_link_qr_svg(org.id, ada.id, link.link.id)
    print("link published with a QR code of", len(svg), "bytes")
    for email in ("newbie@acme.example", "kim@acme.example"):  # new, and one with an account
        answer = directory.register_with_link(org.id, link.token, email=email, name="Some One", password=PASSWORD)
        print("registration for", answer.email, "-> check your email:", answer.check_email)
    print([m.kind for m in directory.claim_outbox(org.id)])
