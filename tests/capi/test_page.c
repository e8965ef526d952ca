/* SPDX-License-Identifier: Apache-2.0
 *
 * opswheel_wheel_page: the page of a spin and of an accepted meeting, the data it carries, its
 * escaping, and every failure leaving *html untouched; dashboard links other than http(s) are
 * refused where they enter the roster. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* The number of times `part` occurs in `text`. */
static int occurrences(const char* text, const char* part) {
  int n = 0;
  const char* at = text;
  while (at && (at = strstr(at, part)) != NULL) {
    ++n;
    at += strlen(part);
  }
  return n;
}

int main(void) {
  opswheel_wheel* w = NULL;
  opswheel_suggestion* s = NULL;
  opswheel_suggestion* s2 = NULL;
  char* html = NULL;
  char* untouched = (char*)"untouched";
  char** teams = NULL;
  size_t count = 0;
  char id[16];
  int i;

  CHECK_STATUS(opswheel_wheel_new(NULL, &w), OPSWHEEL_OK, "");
  if (!w) return check_result();
  OK(w, opswheel_wheel_add(w, "ec2", "EC2 </script><img src=x onerror=alert(1)>", "https://dash.example.com/ec2", 2));
  for (i = 0; i < 9; ++i) {
    sprintf(id, "team-%d", i);
    OK(w, opswheel_wheel_add(w, id, NULL, NULL, 1));
  }
  OK(w, opswheel_wheel_pause(w, "team-8", "2027-01-06"));
  OK(w, opswheel_wheel_pin(w, "team-3", "after Monday's outage"));

  /* dashboard links: only http(s); the refusal names the value and adds nothing */
  FAILS(w, opswheel_wheel_add(w, "evil", NULL, "javascript:alert(1)", 1), OPSWHEEL_ERROR_INVALID_ARGUMENT,
        "invalid url 'javascript:alert(1)'");
  FAILS(w, opswheel_wheel_add(w, "evil", NULL, "data:text/html,<script>alert(1)</script>", 1),
        OPSWHEEL_ERROR_INVALID_ARGUMENT, "only http:// and https:// links are accepted");
  OK(w, opswheel_wheel_teams(w, &teams, &count));
  CHECK(count == 10);
  opswheel_free(teams);

  OK(w, opswheel_wheel_suggest(w, 3, &s));
  if (!s) return check_result();
  OK(w, opswheel_wheel_page(w, s, 0, "weekly-ops", "2026-12-09", 0.5, &html));
  CHECK(html != NULL);
  CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
  CHECK_CONTAINS(html, "{\"format\":\"opswheel-page/1\",\"wheel\":\"weekly-ops\",\"policy\":\"quota\"");
  CHECK_CONTAINS(html, "\"meeting\":{\"number\":1,\"date\":\"2026-12-09\",\"start\":\"10:25\",\"minutes\":15}");
  CHECK_CONTAINS(html, "\"draw\":[{\"id\":\"team-3\",\"how\":\"pinned\",\"reason\":\"after Monday's outage\"}");
  CHECK_CONTAINS(html, "{\"id\":\"team-8\",\"name\":\"team-8\",\"reason\":\"paused until 2027-01-06\"}");
  CHECK_CONTAINS(html, "\"url\":\"https://dash.example.com/ec2\"");
  CHECK_CONTAINS(html, "\"options\":{\"spin_seconds\":0.5,\"theme\":\"auto\"}");
  /* the name is data, escaped for <script>: the page's own two closing tags, and no more */
  CHECK_CONTAINS(html, "EC2 \\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
  CHECK(occurrences(html, "</script>") == 2);
  CHECK(occurrences(html, "<img") == 0);
  opswheel_free(html);
  html = NULL;

  /* the accepted meeting: its own date, the chances of its week */
  OK(w, opswheel_wheel_accept(w, s, "2026-12-09"));
  OK(w, opswheel_wheel_page(w, NULL, 1, NULL, NULL, 4, &html));
  CHECK_CONTAINS(html, "\"wheel\":\"opswheel\"");
  CHECK_CONTAINS(html, "\"meeting\":{\"number\":1,\"date\":\"2026-12-09\",\"start\":\"10:25\",\"minutes\":15}");
  CHECK_CONTAINS(html, "{\"id\":\"team-3\",\"how\":\"pinned\"");
  opswheel_free(html);

  /* failures change nothing, *html included */
  OK(w, opswheel_wheel_suggest(w, 3, &s2));
  html = untouched;
  FAILS(w, opswheel_wheel_page(w, NULL, 2, NULL, NULL, 4, &html), OPSWHEEL_ERROR_INVALID_ARGUMENT, "no meeting number 2");
  FAILS(w, opswheel_wheel_page(w, NULL, 0, NULL, NULL, 4, &html), OPSWHEEL_ERROR_INVALID_ARGUMENT, "either a suggestion");
  FAILS(w, opswheel_wheel_page(w, s2, 1, NULL, NULL, 4, &html), OPSWHEEL_ERROR_INVALID_ARGUMENT, "either a suggestion");
  FAILS(w, opswheel_wheel_page(w, s, 0, NULL, NULL, 4, &html), OPSWHEEL_ERROR_STALE_SUGGESTION, "changed since spin 1");
  FAILS(w, opswheel_wheel_page(w, s2, 0, NULL, NULL, 61, &html), OPSWHEEL_ERROR_INVALID_ARGUMENT, "spin_seconds 61");
  FAILS(w, opswheel_wheel_page(w, s2, 0, NULL, "2026-13-01", 4, &html), OPSWHEEL_ERROR_INVALID_ARGUMENT, "2026-13-01");
  CHECK(html == untouched);
  FAILS(w, opswheel_wheel_page(w, s2, 0, NULL, NULL, 4, NULL), OPSWHEEL_ERROR_NULL_ARGUMENT, "html");
  CHECK_STATUS(opswheel_wheel_page(NULL, s2, 0, NULL, NULL, 4, &html), OPSWHEEL_ERROR_NULL_ARGUMENT, "");
  CHECK(html == untouched);

  opswheel_suggestion_free(s);
  opswheel_suggestion_free(s2);
  opswheel_wheel_free(w);
  return check_result();
}
