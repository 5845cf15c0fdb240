/* Friendly flags for the common parameters of a few operations (sugar.c): they build the same
 * params JSON that --params takes, so there is one encoding path. */
#ifndef MKTOWS_CLI_SUGAR_H
#define MKTOWS_CLI_SUGAR_H

#include "cli.h"

#include <stddef.h>

typedef struct mktows_cli_sugar {
    int used;
    const char *action;          /* list-operation: ADDTOLIST, REMOVEFROMLIST, ISMEMBEROFLIST */
    const char **emails;
    size_t email_count;
    const char *id, *cookie, *since, *until, *list, *campaign, *campaign_id, *batch_size;
} mktows_cli_sugar;

/* The friendly flags of @p operation as options (group "Friendly flags ...", with their help), id
 * @p id_base + the flag's index, into @p out (at most @p room). Returns how many there are (0 for an
 * operation without friendly flags), which may exceed @p room. */
size_t mktows_cli_sugar_options(const char *operation, int id_base, mktows_cli_option *out, size_t room);
/* The words of the leading action of @p operation, space-separated ("add remove is-member" for
 * listOperation), or NULL when it takes none. */
const char *mktows_cli_sugar_actions(const char *operation);
/* Record the friendly flag of index @p i (option id - id_base) with value @p v. -1 to go on, or an
 * exit status (reported). */
int mktows_cli_sugar_add(mktows_cli_sugar *s, const char *command, const char *operation, size_t i, const char *v);
/* A leading word of the command line (list-operation add). -1 to go on, or an exit status. */
int mktows_cli_sugar_action(mktows_cli_sugar *s, const char *command, const char *operation, const char *word);
/* The params JSON (*out, caller frees). -1 to go on, or an exit status (reported). */
int mktows_cli_sugar_json(const mktows_cli_sugar *s, const char *command, const char *operation, char **out);
void mktows_cli_sugar_clean_up(mktows_cli_sugar *s);

#endif
