package metatest

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func recordTests() []test {
	return []test{
		{"PutGet", testRecordPutGet},
		{"Atomic", testRecordsAtomic},
		{"OwnWrites", testRecordsOwnWrites},
		{"Iterate", testRecordsIterate},
	}
}

func putRecords(t *testing.T, s meta.Store, ns string, kv ...string) {
	t.Helper()
	err := s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
		for i := 0; i < len(kv); i += 2 {
			if err := tx.Put(ns, kv[i], []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testRecordPutGet(t *testing.T, s meta.Store) {
	_, err := s.GetRecord(t.Context(), "users", "alice")
	wantErr(t, "GetRecord missing", err, meta.ErrNotFound)
	bin := []byte{0, 1, 0xff, 0}
	err = s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
		if err := tx.Put("users", "alice", bin); err != nil {
			return err
		}
		return tx.Put("users", "", []byte("empty id"))
	})
	if err != nil {
		t.Fatal(err)
	}
	bin[0] = 9 // the store keeps its own copy
	if got, err := s.GetRecord(t.Context(), "users", "alice"); err != nil || !bytes.Equal(got, []byte{0, 1, 0xff, 0}) {
		t.Fatalf("GetRecord = %v, %v", got, err)
	}
	if got, err := s.GetRecord(t.Context(), "users", ""); err != nil || string(got) != "empty id" {
		t.Fatalf("GetRecord(empty id) = %q, %v", got, err)
	}
	_, err = s.GetRecord(t.Context(), "groups", "alice")
	wantErr(t, "GetRecord in another namespace", err, meta.ErrNotFound)
	putRecords(t, s, "users", "alice", "v2")
	if got, _ := s.GetRecord(t.Context(), "users", "alice"); string(got) != "v2" {
		t.Fatalf("overwrite: %q", got)
	}
	err = s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error { return tx.Delete("users", "alice") })
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.GetRecord(t.Context(), "users", "alice")
	wantErr(t, "GetRecord after delete", err, meta.ErrNotFound)
}

func testRecordsAtomic(t *testing.T, s meta.Store) {
	putRecords(t, s, "ns", "keep", "1")
	boom := errors.New("boom")
	err := s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
		for i := range 10 {
			if err := tx.Put("ns", fmt.Sprint("new", i), []byte("x")); err != nil {
				return err
			}
		}
		if err := tx.Delete("ns", "keep"); err != nil {
			return err
		}
		return boom
	})
	wantErr(t, "UpdateRecords", err, boom)
	if got, err := s.GetRecord(t.Context(), "ns", "keep"); err != nil || string(got) != "1" {
		t.Fatalf("rolled-back delete applied: %q, %v", got, err)
	}
	_, err = s.GetRecord(t.Context(), "ns", "new0")
	wantErr(t, "rolled-back put", err, meta.ErrNotFound)
}

func testRecordsOwnWrites(t *testing.T, s meta.Store) {
	putRecords(t, s, "ns", "a1", "old", "a2", "x", "b1", "y")
	err := s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
		if err := tx.Put("ns", "a1", []byte("new")); err != nil {
			return err
		}
		if err := tx.Put("ns", "a3", []byte("z")); err != nil {
			return err
		}
		if err := tx.Delete("ns", "a2"); err != nil {
			return err
		}
		if got, err := tx.Get("ns", "a1"); err != nil || string(got) != "new" {
			t.Errorf("Get own write = %q, %v", got, err)
		}
		if _, err := tx.Get("ns", "a2"); !errors.Is(err, meta.ErrNotFound) {
			t.Errorf("Get own delete: %v", err)
		}
		rs, err := tx.List("ns", "a")
		if err != nil {
			return err
		}
		if got := recordString(rs); got != "a1=new a3=z " {
			t.Errorf("List own writes = %q", got)
		}
		rs, err = tx.List("ns", "")
		if err != nil {
			return err
		}
		if got := recordString(rs); got != "a1=new a3=z b1=y " {
			t.Errorf("List all = %q", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordString(listRecords(t, s, "ns", "")); got != "a1=new a3=z b1=y " {
		t.Fatalf("after commit = %q", got)
	}
}

func recordString(rs []meta.Record) string {
	var b bytes.Buffer
	for _, r := range rs {
		fmt.Fprintf(&b, "%s=%s ", r.ID, r.Value)
	}
	return b.String()
}

func listRecords(t *testing.T, s meta.Store, ns, prefix string) []meta.Record {
	t.Helper()
	it, err := s.Records(t.Context(), ns, prefix)
	return collect(t, it, err)
}

func testRecordsIterate(t *testing.T, s meta.Store) {
	putRecords(t, s, "ns", "user/b", "2", "user/a", "1", "user", "0", "group/x", "g", "userz", "z")
	putRecords(t, s, "ns2", "user/c", "other namespace")
	putRecords(t, s, "n", "s", "short namespace")
	cases := []struct{ ns, prefix, want string }{
		{"ns", "", "group/x=g user=0 user/a=1 user/b=2 userz=z "},
		{"ns", "user/", "user/a=1 user/b=2 "},
		{"ns", "user", "user=0 user/a=1 user/b=2 userz=z "},
		{"ns", "nothing", ""},
		{"ns2", "", "user/c=other namespace "},
		{"n", "", "s=short namespace "},
		{"missing", "", ""},
	}
	for _, c := range cases {
		if got := recordString(listRecords(t, s, c.ns, c.prefix)); got != c.want {
			t.Errorf("Records(%s, %s) = %q, want %q", c.ns, c.prefix, got, c.want)
		}
		err := s.UpdateRecords(t.Context(), func(tx meta.RecordTx) error {
			rs, err := tx.List(c.ns, c.prefix)
			if got := recordString(rs); got != c.want {
				t.Errorf("List(%s, %s) = %q, want %q", c.ns, c.prefix, got, c.want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
