/* Evaluates the bundled safe-motherhood rules on the bundled synthetic
 * population through the C API, and reads the results back from their Arrow
 * stream: per package, the persons eligible and the amount owed. Then shows
 * what an error looks like. C99, no C++ and no Arrow library.
 *
 *   evaluate [DATA_DIR]     (default: the installed data, project8_data_dir())
 */
#include <project8/project8.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed(const char* what) {
  fprintf(stderr, "%s: %s (%s)\n", what, project8_last_error(),
          project8_status_name(project8_last_status()));
  return 1;
}

static int ends_with(const char* text, const char* end) {
  size_t n = strlen(text), m = strlen(end);
  return n >= m && strcmp(text + n - m, end) == 0;
}

/* Bit `i` of an Arrow bitmap. */
static int bit(const void* bitmap, int64_t i) {
  return (((const uint8_t*)bitmap)[i / 8] >> (i % 8)) & 1;
}

int main(int argc, char** argv) {
  char* data = NULL;
  char rules_path[4096], population_path[4096];
  project8_rules* rules = NULL;
  struct ArrowArrayStream results;
  struct ArrowSchema schema;
  struct ArrowArray batch;
  int64_t eligible[64] = {0}, amount[64] = {0}, rows = 0, c;

  printf("project8 %s, C ABI %d\n", project8_version(), project8_abi_version());
  if (project8_abi_version() != PROJECT8_ABI_VERSION) {
    fprintf(stderr, "built for ABI %d, running with %d\n", PROJECT8_ABI_VERSION,
            project8_abi_version());
    return 1;
  }
  if (argc > 1) {
    data = malloc(strlen(argv[1]) + 1);
    if (data == NULL) return 1;
    strcpy(data, argv[1]);
  } else if (project8_data_dir(&data) != PROJECT8_OK) {
    return failed("data");
  }
  printf("data: %s\n", data);
  snprintf(rules_path, sizeof rules_path, "%s/rules/safe-motherhood.yaml", data);
  snprintf(population_path, sizeof population_path,
           "%s/budget/tam-duong-2025-population-synthetic.csv", data);
  if (argc > 1)
    free(data);
  else
    project8_free(data);

  if (project8_rules_load(rules_path, &rules) != PROJECT8_OK) return failed("rules");
  if (project8_rules_evaluate_file(rules, population_path, NULL, "2025-06-30", NULL, &results,
                                   NULL) != PROJECT8_OK) {
    project8_rules_free(rules);
    return failed("evaluate");
  }
  if (results.get_schema(&results, &schema) != 0) return 1;
  if (schema.n_children > 64) return 1;
  for (;;) {
    if (results.get_next(&results, &batch) != 0) return 1;
    if (batch.release == NULL) break; /* the end of the stream */
    for (c = 0; c < schema.n_children; ++c) {
      const struct ArrowArray* col = batch.children[c];
      int64_t i;
      for (i = 0; i < col->length; ++i) {
        const int64_t at = col->offset + i;
        if (col->buffers[0] != NULL && !bit(col->buffers[0], at)) continue; /* missing */
        if (ends_with(schema.children[c]->name, "_eligible"))
          eligible[c] += bit(col->buffers[1], at);
        else if (ends_with(schema.children[c]->name, "_amount"))
          amount[c] += ((const int64_t*)col->buffers[1])[at];
      }
    }
    rows += batch.length;
    batch.release(&batch);
  }
  printf("%lld persons\n", (long long)rows);
  for (c = 0; c + 1 < schema.n_children; ++c) {
    const char* name = schema.children[c]->name;
    if (ends_with(name, "_eligible")) {
      printf("%.*s: %lld eligible, %lld VND\n", (int)(strlen(name) - strlen("_eligible")), name,
             (long long)eligible[c], (long long)amount[c + 1]);
    }
  }
  schema.release(&schema);
  results.release(&results);

  /* An error: a day that is not in the calendar. The message is located. */
  if (project8_rules_evaluate_file(rules, population_path, NULL, "2025-02-30", NULL, &results,
                                   NULL) != PROJECT8_OK) {
    printf("as expected, %s: %s\n", project8_status_name(project8_last_status()),
           project8_last_error());
  }
  project8_rules_free(rules);
  return 0;
}
