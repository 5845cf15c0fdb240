/* Friendly flags for the common parameters of a few operations (sugar.c): they build the same
 * params JSON that --params takes, so there is one encoding path. */
#ifndef MKTOWS_CLI_SUGAR_H
#define MKTOWS_CLI_SUGAR_H

#include <stddef.h>

typedef struct mktows_cli_sugar {
    int used;
    const char *action;          /* list-operation: ADDTOLIST, REMOVEFROMLIST, ISMEMBEROFLIST */
    const char **emails;
    size_t email_count;
    const char *id, *cookie, *since, *until, *list, *campaign, *campaign_id, *batch_size;
} mktows_cli_sugar;

size_t mktows_cli_sugar_option_count(void);
const char *mktows_cli_sugar_option_name(size_t i);
/* Record option @p i with value @p v for @p operation. -1 to go on, or an exit status (reported). */
int mktows_cli_sugar_add(mktows_cli_sugar *s, const char *command, const char *operation, size_t i, const char *v);
/* A leading word of the command line (list-operation add). -1 to go on, or an exit status. */
int mktows_cli_sugar_action(mktows_cli_sugar *s, const char *command, const char *operation, const char *word);
/* The params JSON (*out, caller frees). -1 to go on, or an exit status (reported). */
int mktows_cli_sugar_json(const mktows_cli_sugar *s, const char *command, const char *operation, char **out);
/* The friendly flags of @p operation, for its --help (nothing when it has none). */
void mktows_cli_sugar_help(const char *operation);
void mktows_cli_sugar_clean_up(mktows_cli_sugar *s);

#endif
