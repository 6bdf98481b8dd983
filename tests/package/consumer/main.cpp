// A host built against an installed onboard: invite and accept in memory.
#include <onboard/directory.hpp>

#include <iostream>

int main() {
  using namespace onboard;
  auto dir = Directory::open("memory:", Keyring::generate());
  if (!dir) return 1;
  NewOrganization req;
  req.name = "Consumer";
  req.admin_email = "admin@consumer.example";
  req.admin_name = "Admin Person";
  req.admin_password = "correct horse battery staple orbit";
  auto org = (*dir)->create_organization(req);
  if (!org) return 2;
  auto issued = (*dir)->invite({org->organization.id, org->admin.id}, {"new@consumer.example", "", "", ""});
  if (!issued) return 3;
  auto user = (*dir)->accept_invitation(org->organization.id,
                                        {issued->token, "New Person", "violet tangerine kayak membrane 42"});
  if (!user) return 4;
  std::cout << "accepted " << user->email << "\n";
  return 0;
}
