// Shim for ncursesw. SwiftPM drops pkg-config's -D flags, so the wide-character API is
// switched on here, before curses.h. Macros and C globals do not import into Swift 6
// (strict concurrency rejects stdscr/LINES/COLS), so they are wrapped in static inline
// functions. Only GCTrapTerminal imports this module.
#ifndef GCTRAP_CNCURSESW_SHIM_H
#define GCTRAP_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <unistd.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

// Globals
static inline WINDOW *gct_stdscr(void) { return stdscr; }
static inline int gct_lines(void) { return LINES; }
static inline int gct_cols(void) { return COLS; }
static inline int gct_colors(void) { return COLORS; }
static inline int gct_color_pairs(void) { return COLOR_PAIRS; }
static inline void gct_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

// Locale
static inline const char *gct_setlocale_all(void) { return setlocale(LC_ALL, ""); }
static inline const char *gct_codeset(void) {
    const char *l = setlocale(LC_CTYPE, NULL);
    return l ? l : "";
}

// Attributes
static inline attr_t gct_a_normal(void) { return A_NORMAL; }
static inline attr_t gct_a_bold(void) { return A_BOLD; }
static inline attr_t gct_a_reverse(void) { return A_REVERSE; }
static inline attr_t gct_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gct_a_dim(void) { return A_DIM; }
static inline attr_t gct_a_standout(void) { return A_STANDOUT; }
static inline attr_t gct_color_pair(int n) { return COLOR_PAIR(n); }

// Keys
static inline int gct_key_code_yes(void) { return KEY_CODE_YES; }
static inline int gct_key_resize(void) { return KEY_RESIZE; }
static inline int gct_key_mouse(void) { return KEY_MOUSE; }
static inline int gct_key_btab(void) { return KEY_BTAB; }
static inline int gct_key_ppage(void) { return KEY_PPAGE; }
static inline int gct_key_npage(void) { return KEY_NPAGE; }
static inline int gct_key_up(void) { return KEY_UP; }
static inline int gct_key_down(void) { return KEY_DOWN; }
static inline int gct_key_left(void) { return KEY_LEFT; }
static inline int gct_key_right(void) { return KEY_RIGHT; }
static inline int gct_key_sleft(void) { return KEY_SLEFT; }
static inline int gct_key_sright(void) { return KEY_SRIGHT; }
static inline int gct_key_home(void) { return KEY_HOME; }
static inline int gct_key_end(void) { return KEY_END; }
static inline int gct_key_enter(void) { return KEY_ENTER; }
static inline int gct_key_backspace(void) { return KEY_BACKSPACE; }
static inline int gct_key_dc(void) { return KEY_DC; }
static inline int gct_key_f(int n) { return KEY_F(n); }
static inline int gct_err(void) { return ERR; }
static inline int gct_ok(void) { return OK; }

// Mouse
static inline mmask_t gct_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gct_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t gct_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gct_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t gct_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t gct_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t gct_button4_pressed(void) {
#ifdef BUTTON4_PRESSED
    return BUTTON4_PRESSED;
#else
    return 0;
#endif
}
static inline mmask_t gct_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
static inline mmask_t gct_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }

// Wide-character cell: build a cchar_t holding one character (plus a terminator).
static inline int gct_setcchar1(cchar_t *cc, wchar_t ch, attr_t attrs, short pair) {
    wchar_t buf[2] = { ch, 0 };
    return setcchar(cc, buf, attrs, pair, NULL);
}

// Terminal checks
static inline int gct_isatty(int fd) { return isatty(fd); }

// Readiness (the investigator's start and `gctrap doctor`): the locale's character set, and
// whether ncurses knows $TERM and how many colours its entry gives, without taking over the screen. term.h comes last:
// its capability macros (lines, columns...) must not meet the code above.
#include <langinfo.h>
static inline const char *gct_codeset_name(void) { return nl_langinfo(CODESET); }
#if __has_include(<ncursesw/term.h>)
#include <ncursesw/term.h>
#else
#include <term.h>
#endif
/// $TERM's terminfo entry, read without taking over the screen (initscr would print
/// ncurses' message and exit on a bad one) and without keeping it: 1 usable (its colour
/// count in *colors, -1 when it has none), 2 a hardcopy terminal, 0 unknown to terminfo,
/// -1 no terminfo database (setupterm's codes).
static inline int gct_probe_term(int *colors) {
    int err = 0;
    TERMINAL *saved = cur_term;
    *colors = -1;
    if (setupterm(NULL, 1, &err) != OK) { cur_term = saved; return err == 1 ? 2 : err == 0 ? 0 : -1; }
    *colors = tigetnum("colors");
    TERMINAL *probe = cur_term;
    set_curterm(saved);
    if (probe != saved) del_curterm(probe);
    return 1;
}

#endif
