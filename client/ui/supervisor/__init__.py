"""The supervisor's screens (Tim saya): the team, a member, logs, SKP, rating, objections, the spread of ratings; their forms and widgets."""
