package hall

import "context"

// Actor is who performs a call: a logged-in user, or the desk itself (the
// sync engine, or a headless command on a desk that has no accounts yet).
// It travels in the context of each call, never in shared state, so the
// window's login cannot lend its rights to the background sync and a call
// that carries no actor is refused (fail closed).
type Actor struct {
	User *User // nil for the desk itself
	Desk bool
}

type actorKey struct{}

// AsUser is ctx acting as u (a copy is kept).
func AsUser(ctx context.Context, u *User) context.Context {
	if u == nil {
		return context.WithValue(ctx, actorKey{}, Actor{})
	}
	c := *u
	return context.WithValue(ctx, actorKey{}, Actor{User: &c})
}

// AsDesk is ctx acting as the desk itself.
func AsDesk(ctx context.Context) context.Context {
	return context.WithValue(ctx, actorKey{}, Actor{Desk: true})
}

// ActorOf is the actor ctx carries; ok is false when it carries none.
func ActorOf(ctx context.Context) (a Actor, ok bool) {
	a, _ = ctx.Value(actorKey{}).(Actor)
	return a, a.User != nil || a.Desk
}
