package transport

import (
	"context"
	"net/http"

	"yichuang/sync/protocol"
)

// SetEpoch is the platform epoch the desk last saw; every signed request
// carries it, so a platform restored since refuses rather than apply.
func (c *Client) SetEpoch(epoch string) { c.epoch.Store(&epoch) }

// Recover tells the platform the desk's generation and learns how far the
// platform holds the desk (docs/adr/0016).
func (c *Client) Recover(ctx context.Context, req protocol.RecoverRequest) (protocol.RecoverResponse, error) {
	var res protocol.RecoverResponse
	return res, c.postJSON(ctx, protocol.PathRecover, req, &res)
}

// OwnCases lists a page of the desk's cases on the platform.
func (c *Client) OwnCases(ctx context.Context, req protocol.OwnCasesRequest) (protocol.OwnCasesResponse, error) {
	var res protocol.OwnCasesResponse
	return res, c.postJSON(ctx, protocol.PathOwnCases, req, &res)
}

// FetchOwnCases brings some of the desk's cases in full.
func (c *Client) FetchOwnCases(ctx context.Context, ids []string) (protocol.OwnCasesFetched, error) {
	var res protocol.OwnCasesFetched
	return res, c.postJSON(ctx, protocol.PathOwnCasesFetch, protocol.OwnCasesFetch{IDs: ids}, &res)
}

func (c *Client) postJSON(ctx context.Context, path string, req, res any) error {
	body, err := jsonBody(req)
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, call{method: http.MethodPost, path: path, body: body, header: gzipJSON})
	if err != nil {
		return err
	}
	return decode(resp, res)
}
