"""What every role's screens use: the app state, the words (i18n and the string tables), formats,
widgets, the sync bar and its state, sign-in and the password screen."""
