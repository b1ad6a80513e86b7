"""The supervisor's screens (Tim saya): the team, a member, entries, SKP, rating, objections, the
spread of ratings, feedback where it is about; their forms and widgets."""
