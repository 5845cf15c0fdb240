/* --reject-replays (replay.c): the signatures accepted within the skew window. Private to
 * src/server. */
#ifndef MKTOWS_SERVER_REPLAY_H
#define MKTOWS_SERVER_REPLAY_H

/* The signatures one server accepted (replay.c): a part of the server context (server.h), its
 * member replay. */
struct mktows_srv_replay;
/* None seen yet: caller frees with mktows_srv_replay_free(). NULL out of memory. The tables
 * themselves are made at the first signature. */
struct mktows_srv_replay *mktows_srv_replay_new(void);
/* Release @p seen (NULL: nothing). */
void mktows_srv_replay_free(struct mktows_srv_replay *seen);
/* 1 when @p signature (40 hex digits) was already accepted by @p seen within the last two windows
 * of @p window_s seconds, 0 when not (it is remembered from now on), -1 out of memory. */
int mktows_srv_replay_check(struct mktows_srv_replay *seen, const char *signature, long window_s);
/* Forget every signature (a reset). */
void mktows_srv_replay_reset(struct mktows_srv_replay *seen);

#endif
