package protocol

// RegisterRequest enrols a desk with a one-time code.
type RegisterRequest struct {
	Code     string `json:"code"`
	Hostname string `json:"hostname,omitempty"`
}

// RegisterResponse gives the desk its identity and the secret it signs
// with. The secret is shown once.
type RegisterResponse struct {
	DeskID   string `json:"desk_id"`
	Secret   string `json:"secret"`
	HallCode string `json:"hall_code"`
	HallName string `json:"hall_name,omitempty"`
	DeskCode string `json:"desk_code"`
	// Generation and Claim: a replaced desk's restore generation and the
	// registration that holds it (docs/adr/0016); 0 and "" for a new desk.
	Generation int    `json:"generation,omitempty"`
	Claim      string `json:"claim,omitempty"`
}
