/* log.h - leveled logging to stderr.  The level comes from $PEEL_LOG
 * (error, warn, info, debug; default warn) or peel_log_set_level().
 * Never log record contents: OFFICIAL-SENSITIVE material must not reach a log. */
#ifndef PEEL_CORE_LOG_H
#define PEEL_CORE_LOG_H

enum peel_log_level { PEEL_LOG_ERROR, PEEL_LOG_WARN, PEEL_LOG_INFO, PEEL_LOG_DEBUG };

void peel_log_set_level(enum peel_log_level level);
enum peel_log_level peel_log_level_get(void);
void peel_log(enum peel_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define peel_log_error(...) peel_log(PEEL_LOG_ERROR, __VA_ARGS__)
#define peel_log_warn(...) peel_log(PEEL_LOG_WARN, __VA_ARGS__)
#define peel_log_info(...) peel_log(PEEL_LOG_INFO, __VA_ARGS__)
#define peel_log_debug(...) peel_log(PEEL_LOG_DEBUG, __VA_ARGS__)

#endif
