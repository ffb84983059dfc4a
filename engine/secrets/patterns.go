package secrets

import (
	"bytes"
	"strings"
)

// freeText finds the secrets that can sit inside any value or text:
// ciphertext tokens, PEM private keys, URL credentials and the credential
// keywords of connection strings. One forward pass over src[a:b].
func (s *scanner) freeText(a, b int, p place) {
	src := s.src
	for i := a; i < b; i++ {
		switch src[i] {
		case '[':
			if hasAt(src, i, b, "[enc:") {
				if end := indexFrom(src, i+5, b, ":enc]"); end < b {
					if isEncToken(src[i : end+5]) {
						s.add(i, end+5, Encrypted, "encrypted value in "+p.String())
					}
					i = end + 4
				}
			}
		case '-':
			if hasAt(src, i, b, pemBegin) {
				i = s.pem(i, b, p) - 1
			}
		case ':':
			if hasAt(src, i, b, "://") {
				i = s.url(i, b, p) - 1
			}
		case '=':
			i = s.keyword(a, i, b, p) - 1
		}
	}
}

// isEncToken reports whether v is exactly one IIS ciphertext token,
// [enc:Provider:…:enc], with a ciphertext. The empty one,
// [enc:AesProvider::enc], is what schema files give as the default of an
// encrypted attribute: there is nothing in it.
func isEncToken(v []byte) bool {
	if !bytes.HasPrefix(v, []byte("[enc:")) || !bytes.HasSuffix(v, []byte(":enc]")) || len(v) < len("[enc::enc]") {
		return false
	}
	inner := v[len("[enc:") : len(v)-len(":enc]")]
	colon := bytes.IndexByte(inner, ':')
	return colon >= 0 && colon < len(inner)-1
}

const (
	pemBegin = "-----BEGIN "
	pemEnd   = "-----END "
	pemDash  = "-----"
)

// pem handles "-----BEGIN …-----" at i: the body of a private key (any
// label ending in PRIVATE KEY: RSA, EC, ENCRYPTED, OPENSSH…) up to its END
// line, or to b when the END line is missing, is a secret. Certificates
// and public keys are not. It returns where to go on.
func (s *scanner) pem(i, b int, p place) int {
	src := s.src
	labelAt := i + len(pemBegin)
	labelEnd := indexFrom(src, labelAt, b, pemDash)
	if labelEnd == b || bytes.IndexAny(src[labelAt:labelEnd], "\r\n") >= 0 {
		return labelAt
	}
	body := labelEnd + len(pemDash)
	if !strings.HasSuffix(string(src[labelAt:labelEnd]), "PRIVATE KEY") {
		return body
	}
	end := indexFrom(src, body, b, pemEnd)
	if a2, b2, ok := secretValue(src, body, end); ok {
		s.add(a2, b2, PrivateKey, "private key ("+string(src[labelAt:labelEnd])+") in "+p.String())
	}
	return max(end, body)
}

// urlEnd reports whether c ends a URL written in text. ';' does too: in a
// connection string (Endpoint=sb://…/;SharedAccessKey=…) it ends the value.
func urlEnd(c byte) bool {
	return isSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == ';'
}

// url handles the "://" at i: in scheme://user:password@host/…?key=…, the
// password and the values of query parameters whose name says secret (or
// sig, an Azure shared access signature) are secrets. It returns the
// offset after the URL.
func (s *scanner) url(i, b int, p place) int {
	src := s.src
	start := i + 3
	// The authority ends at the first of / ? # or the URL's end; an '@' in
	// it ends the user information.
	j := start
	at := -1
	for ; j < b && !urlEnd(src[j]); j++ {
		c := src[j]
		if c == '/' || c == '?' || c == '#' {
			break
		}
		if c == '@' {
			at = j
		}
	}
	if at >= 0 {
		if colon := bytes.IndexByte(src[start:at], ':'); colon >= 0 {
			if a2, b2, ok := secretValue(src, start+colon+1, at); ok {
				s.add(a2, b2, URLCredential, "password in a URL in "+p.String())
			}
		}
	}
	// Path, then the query.
	for j < b && !urlEnd(src[j]) && src[j] != '?' && src[j] != '#' {
		j++
	}
	if j >= b || src[j] != '?' {
		for j < b && !urlEnd(src[j]) {
			j++
		}
		return j
	}
	j++
	for j < b && !urlEnd(src[j]) && src[j] != '#' {
		nameAt := j
		for j < b && !urlEnd(src[j]) && src[j] != '=' && src[j] != '&' && src[j] != '#' {
			j++
		}
		name := string(src[nameAt:j])
		if j < b && src[j] == '=' {
			j++
			valueAt := j
			for j < b && !urlEnd(src[j]) && src[j] != '&' && src[j] != '#' {
				j++
			}
			if strings.EqualFold(name, "sig") || isSecretName(name) {
				if a2, b2, ok := secretValue(src, valueAt, j); ok {
					s.add(a2, b2, URLCredential, name+" in a URL in "+p.String())
				}
			}
		}
		if j < b && src[j] == '&' {
			j++
			// In XML text the separator is written &amp;.
			if hasAt(src, j, b, "amp;") {
				j += 4
			}
		}
	}
	for j < b && !urlEnd(src[j]) {
		j++
	}
	return j
}

// keywordByte reports whether c may be part of a connection-string keyword
// ("Password", "User ID", "Shared Access Key", "client_secret").
func keywordByte(c byte) bool {
	return isUpper(c) || isLower(c) || isDigit(c) || c == ' ' || c == '\t' || c == '_' || c == '.' || c == '-'
}

// keyword handles the '=' at eq: when the keyword before it (back to a ;,
// a quote, a line end or a, whatever comes first) says secret, its value
// — quoted, or up to the next ; or the line's end — is a secret, as in
// "Server=db;User ID=sa;Password=…" or an Azure "AccountKey=…". It returns
// where to go on.
func (s *scanner) keyword(a, eq, b int, p place) int {
	src := s.src
	k := eq
	for k > a && keywordByte(src[k-1]) {
		k--
	}
	key := strings.TrimSpace(string(src[k:eq]))
	if key == "" || !isSecretName(key) {
		return eq + 1
	}
	v := eq + 1
	for v < b && (src[v] == ' ' || src[v] == '\t') {
		v++
	}
	var end, next int
	switch {
	case v < b && (src[v] == '\'' || src[v] == '"'):
		// A quoted value may hold ';'.
		q := bytes.IndexByte(src[v+1:b], src[v])
		if q < 0 {
			return eq + 1
		}
		v, end = v+1, v+1+q
		next = end + 1
	case hasAt(src, v, b, "&quot;"):
		q := indexFrom(src, v+6, b, "&quot;")
		if q == b {
			return eq + 1
		}
		v, end = v+6, q
		next = end + 6
	default:
		end = v
		for end < b {
			c := src[end]
			if c == ';' || c == '\r' || c == '\n' || c == '<' || c == '>' || c == '"' || c == '\'' {
				break
			}
			end++
		}
		next = end
	}
	if a2, b2, ok := secretValue(src, v, end); ok {
		s.add(a2, b2, ConnectionString, key+" in "+p.String())
	}
	return next
}
