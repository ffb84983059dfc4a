package secrets

import (
	"bytes"
	"strings"
)

// isSecretName reports whether a name — of an attribute, an element, a
// setting, a connection-string keyword or an environment variable — says
// that its value is a secret. The name is split into words (camelCase,
// PascalCase, acronyms, digits, and _ - . : or space all separate them), and
// its last word decides: adPassword, clientSecret, accessToken, DB_PASS,
// "Shared Access Key" are secrets; passwordFormat, tokenChecking,
// minRequiredPasswordLength and keyContainerName are not, because their
// last word is not. A name joined in lower case (apikey, dbpassword) is
// matched by its ending instead.
//
// Public keys and their tokens (publicKeyToken, publicKey) are not secrets,
// a name holding / or \ is a path, and a bare "key" is the name attribute of name/value collections
// (<add key="…" value="…">), not a key.
func isSecretName(name string) bool {
	if strings.ContainsAny(name, "/\\") {
		return false // a path or URL used as a key, not a name
	}
	var buf [16]string
	words := splitWords(name, buf[:0])
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(w, "public") {
			return false // public keys and their tokens
		}
	}
	last := words[len(words)-1]
	for _, w := range []string{"password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets",
		"token", "credential", "credentials", "signature"} {
		if strings.EqualFold(last, w) {
			return true
		}
	}
	if strings.EqualFold(last, "key") || strings.EqualFold(last, "keys") {
		if len(words) == 1 {
			return false
		}
		// Keys that name or locate things rather than unlock them.
		prev := words[len(words)-2]
		for _, w := range locatorKeys {
			if strings.EqualFold(prev, w) {
				return false
			}
		}
		return true
	}
	if len(words) == 1 {
		// One word: compounds written without capitals.
		for _, suffix := range joinedSecretSuffixes {
			if len(last) >= len(suffix) && strings.EqualFold(last[len(last)-len(suffix):], suffix) {
				return true
			}
		}
	}
	return false
}

// locatorKeys are the words before "Key" in names of keys that name or
// locate something (cacheKey, attributeKey) rather than unlock it.
var locatorKeys = []string{
	"cache", "sort", "partition", "primary", "foreign", "registry", "lookup",
	"hot", "resource", "unique", "combined", "index", "attribute", "column",
	"field", "property", "setting", "message", "item", "group", "entry",
	"element", "node", "route", "map", "dictionary", "culture", "language",
	"label", "menu", "section", "translation",
}

// mayBeSecretName is a quick test that rules out most names without
// allocating: every name isSecretName accepts contains, in some case,
// one of pass, pwd, secret, token, credential, signature or key.
func mayBeSecretName(name []byte) bool {
	for i := 0; i < len(name); i++ {
		switch name[i] | 0x20 {
		case 'p', 's', 't', 'c', 'k':
			for _, w := range nameStems {
				if len(name)-i >= len(w) && bytes.EqualFold(name[i:i+len(w)], []byte(w)) {
					return true
				}
			}
		}
	}
	return false
}

var nameStems = []string{"pass", "pwd", "secret", "token", "credential", "signature", "key"}

// joinedSecretSuffixes are the endings of one-word lower-case names that
// say secret (apikey, dbpassword, clientsecret, accesstoken). Endings that
// ordinary words share ("pass" in bypass, "key" in monkey) are not here.
var joinedSecretSuffixes = []string{
	"password", "passwd", "pwd", "secret", "token", "apikey", "secretkey", "accesskey",
	"privatekey", "accountkey", "sharedkey", "signingkey", "encryptionkey", "masterkey",
	"passphrase",
}

// splitWords appends the words of name to words, as substrings of name
// (compare them with strings.EqualFold): "adPassword" → ad Password;
// "DB_PASSWORD" → DB PASSWORD; "HTTPSProxyKey" → HTTPS Proxy Key;
// "Shared Access Key" → Shared Access Key. It does not allocate while
// there is room in words.
func splitWords(name string, words []string) []string {
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, name[start:end])
		}
		start = -1
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case isUpper(c):
			// A new word starts at an upper-case letter after a lower-case
			// letter or digit, or at the last capital of an acronym that a
			// lower-case letter follows (HTTPSProxy → HTTPS, Proxy).
			if start >= 0 && (isLower(name[i-1]) || isDigit(name[i-1]) ||
				(isUpper(name[i-1]) && i+1 < len(name) && isLower(name[i+1]))) {
				flush(i)
			}
			if start < 0 {
				start = i
			}
		case isLower(c) || isDigit(c) || c >= 0x80:
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(name))
	return words
}

// hasWord reports whether word is one of name's words (in any case).
func hasWord(name, word string) bool {
	var buf [16]string
	for _, w := range splitWords(name, buf[:0]) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// secretValue trims src[a:b] of white space and reports the range that is
// a secret, or false when the value holds none: empty, a boolean, our own
// Placeholder, a mask of asterisks, machineKey's AutoGenerate, or a
// reference that a deployment tool or the environment fills in
// (%DB_PASSWORD%, $(Password), ${PASSWORD}, #{Password}#, {{password}},
// __Password__).
func secretValue(src []byte, a, b int) (int, int, bool) {
	for a < b && isSpace(src[a]) {
		a++
	}
	for b > a && isSpace(src[b-1]) {
		b--
	}
	if a == b || notSecret(string(src[a:b])) {
		return a, b, false
	}
	return a, b, true
}

func notSecret(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false":
		return true
	}
	if strings.Contains(v, Placeholder) {
		return true
	}
	if strings.Trim(v, "*") == "" {
		return true
	}
	if len(v) >= len("AutoGenerate") && strings.EqualFold(v[:len("AutoGenerate")], "AutoGenerate") {
		return true
	}
	return isReference(v)
}

// isReference reports whether v is only a placeholder that something else
// fills in.
func isReference(v string) bool {
	for _, p := range [][2]string{{"%", "%"}, {"$(", ")"}, {"${", "}"}, {"#{", "}#"}, {"#{", "}"}, {"{{", "}}"}, {"__", "__"}, {"@@", "@@"}} {
		if len(v) > len(p[0])+len(p[1]) && strings.HasPrefix(v, p[0]) && strings.HasSuffix(v, p[1]) {
			inner := v[len(p[0]) : len(v)-len(p[1])]
			if isIdentifier(inner) {
				return true
			}
		}
	}
	return false
}

func isIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isUpper(c) || isLower(c) || isDigit(c) || c == '_' || c == '.' || c == '-' || c == ':') {
			return false
		}
	}
	return s != ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
