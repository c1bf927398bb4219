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
	var h protocol.Health
	resp, err := c.do(ctx, call{method: http.MethodGet, path: protocol.PathHealth, unsigned: true})
	if err != nil {
		return h, err
	}
	return h, decode(resp, &h)
}

// Register trades an enrolment code for the desk's credentials.
func (c *Client) Register(ctx context.Context, code string) (protocol.RegisterResponse, error) {
	var res protocol.RegisterResponse
	host, _ := os.Hostname()
	body, err := jsonBody(protocol.RegisterRequest{Code: code, Hostname: host})
	if err != nil {
		return res, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathRegister, body: body,
		header: gzipJSON, unsigned: true})
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}

// Push sends a batch; the answer has one result per operation, in order.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) (protocol.PushResponse, error) {
	var res protocol.PushResponse
	body, err := jsonBody(req)
	if err != nil {
		return res, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathPush, body: body, header: gzipJSON})
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}

// Pull asks for the changes after the cursors.
func (c *Client) Pull(ctx context.Context, req protocol.PullRequest) (protocol.PullResponse, error) {
	var res protocol.PullResponse
	body, err := jsonBody(req)
	if err != nil {
		return res, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathPull, body: body, header: gzipJSON})
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}

// Case reads a case as the platform holds it.
func (c *Client) Case(ctx context.Context, no string) (protocol.CaseView, error) {
	var v protocol.CaseView
	resp, err := c.do(ctx, call{method: http.MethodGet, path: protocol.PathCases + url.PathEscape(no)})
	if err != nil {
		return v, err
	}
	return v, decode(resp, &v)
}

// Stats reads the platform's counters (signed: they are not for anyone who asks).
func (c *Client) Stats(ctx context.Context) (protocol.Stats, error) {
	var st protocol.Stats
	resp, err := c.do(ctx, call{method: http.MethodGet, path: protocol.PathStats})
	if err != nil {
		return st, err
	}
	return st, decode(resp, &st)
}

// PushAudit sends a run of the desk's audit records.
func (c *Client) PushAudit(ctx context.Context, req protocol.AuditPush) (protocol.AuditResult, error) {
	var res protocol.AuditResult
	body, err := jsonBody(req)
	if err != nil {
		return res, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathAudit, body: body, header: gzipJSON})
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}

// Supervision reads a page of the supervision feed for a supervisor of this
// desk (docs/adr/0020); a user without a scope is refused (forbidden).
func (c *Client) Supervision(ctx context.Context, req protocol.SupervisionRequest) (protocol.SupervisionPage, error) {
	var res protocol.SupervisionPage
	body, err := jsonBody(req)
	if err != nil {
		return res, err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: protocol.PathSupervision, body: body, header: gzipJSON})
	if err != nil {
		return res, err
	}
	return res, decode(resp, &res)
}
