"""Screens and parts every role uses: the app state, words (i18n and the string tables), formats, widgets, the sync bar, sign-in and password."""
