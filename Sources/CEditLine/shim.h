// Small C wrappers around libedit. el_set/el_get and history() are C-variadic, which Swift
// cannot call, so each use gets a static inline function here.
#ifndef MSOKO_CEDITLINE_SHIM_H
#define MSOKO_CEDITLINE_SHIM_H
#include <stdio.h>
#include <locale.h>
#include <histedit.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <langinfo.h>
#include <sys/ioctl.h>

static inline int msoko_el_set_prompt(EditLine *el, char *(*fn)(EditLine *)) {
    return el_set(el, EL_PROMPT, fn);
}
static inline int msoko_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int msoko_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int msoko_el_add_fn(EditLine *el, const char *name, const char *help,
                                  unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int msoko_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}
static inline int msoko_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline int msoko_el_source(EditLine *el) { return el_source(el, NULL); }
/* Puts the terminal in libedit's editing mode now (before the prompt is drawn), so keys typed
   right after the prompt appears are not read in cooked mode and lost or echoed twice. */
static inline int msoko_el_prep_term(EditLine *el) { return el_set(el, EL_PREP_TERM, 1); }
static inline int msoko_el_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }

static inline int msoko_history_init(History *h, HistEvent *ev, int size) {
    history(h, ev, H_SETSIZE, size);
    return history(h, ev, H_SETUNIQUE, 1);
}
static inline int msoko_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
static inline int msoko_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}
static inline int msoko_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}
static inline int msoko_history_clear(History *h, HistEvent *ev) {
    return history(h, ev, H_CLEAR);
}
static inline int msoko_history_first(History *h, HistEvent *ev) { return history(h, ev, H_LAST); }
static inline int msoko_history_next(History *h, HistEvent *ev) { return history(h, ev, H_PREV); }
static inline int msoko_history_count(History *h, HistEvent *ev) {
    if (history(h, ev, H_GETSIZE) < 0) return 0;
    return ev->num;
}

/* The terminal's size in rows and columns; -1 when fd is not a terminal. */
static inline int msoko_terminal_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 0;
}

/* The current locale's character set ("UTF-8", "ANSI_X3.4-1968", ...). */
static inline const char *msoko_codeset(void) { return nl_langinfo(CODESET); }

/* SIGINT without SA_RESTART, so a blocked read (libedit's el_gets) returns with EINTR. */
static inline int msoko_install_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    /* A parent may have started us with SIGINT blocked (threads of test runners do). */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
}

/* Writes to a pager that quit early must fail with EPIPE, not kill the workbench. */
static inline void msoko_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
#endif
