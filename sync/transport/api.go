package transport

import (
	"context"
	"net/http"
	"net/url"
	"os"

	"yichuang/sync/protocol"
)

// Health asks the platform whether it is up (unsigned; also measures the
// clock offset).
func (c *Client) Health(ctx context.Context) (protocol.Health, error) {
	return ask[protocol.Health](ctx, c, call{method: http.MethodGet, path: protocol.PathHealth, unsigned: true}, nil)
}

// Register trades an enrolment code for the desk's credentials.
func (c *Client) Register(ctx context.Context, code string) (protocol.RegisterResponse, error) {
	host, _ := os.Hostname()
	return ask[protocol.RegisterResponse](ctx, c, call{method: http.MethodPost, path: protocol.PathRegister, unsigned: true},
		protocol.RegisterRequest{Code: code, Hostname: host})
}

// Push sends a batch; the answer has one result per operation, in order.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) (protocol.PushResponse, error) {
	return ask[protocol.PushResponse](ctx, c, call{method: http.MethodPost, path: protocol.PathPush}, req)
}

// Pull asks for the changes after the cursors.
func (c *Client) Pull(ctx context.Context, req protocol.PullRequest) (protocol.PullResponse, error) {
	return ask[protocol.PullResponse](ctx, c, call{method: http.MethodPost, path: protocol.PathPull}, req)
}

// Case reads a case as the platform holds it.
func (c *Client) Case(ctx context.Context, no string) (protocol.CaseView, error) {
	return ask[protocol.CaseView](ctx, c, call{method: http.MethodGet, path: protocol.PathCases + url.PathEscape(no)}, nil)
}

// Stats reads the platform's counters (signed: they are not for anyone who asks).
func (c *Client) Stats(ctx context.Context) (protocol.Stats, error) {
	return ask[protocol.Stats](ctx, c, call{method: http.MethodGet, path: protocol.PathStats}, nil)
}

// PushAudit sends a run of the desk's audit records.
func (c *Client) PushAudit(ctx context.Context, req protocol.AuditPush) (protocol.AuditResult, error) {
	return ask[protocol.AuditResult](ctx, c, call{method: http.MethodPost, path: protocol.PathAudit}, req)
}

// Supervision reads a page of the supervision feed for a supervisor of this
// desk (docs/adr/0020); a user without a scope is refused (forbidden).
func (c *Client) Supervision(ctx context.Context, req protocol.SupervisionRequest) (protocol.SupervisionPage, error) {
	return ask[protocol.SupervisionPage](ctx, c, call{method: http.MethodPost, path: protocol.PathSupervision}, req)
}

// ask makes the call, with req as its gzipped JSON body unless req is nil,
// and reads the answer as a Res.
func ask[Res any](ctx context.Context, c *Client, cl call, req any) (Res, error) {
	var res Res
	if req != nil {
		body, err := jsonBody(req)
		if err != nil {
			return res, err
		}
		cl.body, cl.header = body, gzipJSON
	}
	resp, err := c.do(ctx, cl)
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}
