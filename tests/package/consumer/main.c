/* A C host built against the installed libonboard.so. */
#include <onboard/onboard.h>
#include <stdio.h>

int main(void) {
  if (onb_version_number() != ONB_VERSION_NUMBER) return 1;
  printf("onboard %s\n", onb_version_string());
  return 0;
}
