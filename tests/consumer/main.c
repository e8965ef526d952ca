/* Smoke test shared by the C consumer projects: opswheel.h is found, libopswheel_c links and
 * runs, and the library is the version the header names. */
#include <opswheel/opswheel.h>

#include <stdio.h>

int main(void) {
  opswheel_wheel* wheel = NULL;
  opswheel_suggestion* suggestion = NULL;
  size_t meetings = 0;
  printf("opswheel %s\n", OPSWHEEL_VERSION_STRING); /* run_consumer.cmake checks this line */
  if (opswheel_version_number() != OPSWHEEL_VERSION_NUMBER) {
    fprintf(stderr, "header %d, library %u\n", OPSWHEEL_VERSION_NUMBER, (unsigned)opswheel_version_number());
    return 1;
  }
  if (opswheel_wheel_new(NULL, &wheel) != OPSWHEEL_OK || opswheel_wheel_add(wheel, "a", NULL, NULL, 1) != OPSWHEEL_OK ||
      opswheel_wheel_add(wheel, "b", NULL, NULL, 1) != OPSWHEEL_OK ||
      opswheel_wheel_suggest(wheel, 1, &suggestion) != OPSWHEEL_OK ||
      opswheel_wheel_accept(wheel, suggestion, NULL) != OPSWHEEL_OK ||
      opswheel_wheel_meeting_count(wheel, &meetings) != OPSWHEEL_OK || meetings != 1) {
    fprintf(stderr, "opswheel error: %s\n", opswheel_wheel_last_error(wheel));
    return 1;
  }
  opswheel_suggestion_free(suggestion);
  opswheel_wheel_free(wheel);
  return 0;
}
