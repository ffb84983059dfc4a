module github.com/iisconf/iisconf

go 1.26
