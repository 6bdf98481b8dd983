"""Invite someone, send the mail, and accept the invitation: a Python host in 30 lines.

Run from the repository with the library built:
    PYTHONPATH=bindings/python python3 examples/python/invite_accept.py
"""
import onboard

with onboard.Directory.open("memory:") as directory:
    created = directory.create_organization(
        "Acme", admin_email="ada@acme.example", admin_name="Ada Lovelace",
        admin_password="correct horse battery staple orbit", base_url="https://acme.example")
    org, ada = created.organization, created.admin

    issued = directory.invite(org.id, ada.id, "grace@acme.example", role="Manager")
    print("invited", issued.invitation.email, "until", issued.invitation.expires_at)

    for message in directory.claim_outbox(org.id):
        print("sending to", message.recipient, "-", message.subject)  # hand message.body to your mailer
        directory.ack_outbox(org.id, message.id)

    # Grace opens the link; the host reads the token from it and shows a form.
    print("accept page for", directory.inspect_invitation(org.id, issued.token).email)
    grace = directory.accept_invitation(org.id, issued.token, name="Grace Hopper",
                                        password="violet tangerine kayak membrane 42")
    print(grace.display_name, "joined as", grace.role)

    try:
        directory.accept_invitation(org.id, issued.token, name="Grace Hopper",
                                    password="violet tangerine kayak membrane 42")
    except onboard.AlreadyUsedError as e:
        print("second use refused:", e)
