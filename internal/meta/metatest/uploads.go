package metatest

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/coffer-s3/coffer/internal/meta"
)

func uploadTests() []test {
	return []test{
		{"CreateGet", testUploadCreateGet},
		{"GetMissing", testUploadGetMissing},
		{"List", testUploadList},
		{"Parts", testUploadParts},
		{"PutPartReplaces", testPutPartReplaces},
		{"PutPartMissingUpload", testPutPartMissing},
		{"Abort", testAbortUpload},
		{"TakeUpload", testTakeUpload},
		{"TakeUploadRollback", testTakeUploadRollback},
		{"TakeUploadMissing", testTakeUploadMissing},
	}
}

func mkUpload(t *testing.T, s meta.Store, bucket, key string) *meta.Upload {
	t.Helper()
	u := &meta.Upload{
		Bucket: bucket, Key: key, Initiated: when(5), Owner: "111122223333",
		Initiator: "arn:aws:iam::111122223333:user/alice", StorageClass: "STANDARD",
		Headers: meta.Headers{ContentType: "image/png"}, Meta: []meta.KV{{Name: "m", Value: "v"}},
		Tags: []meta.Tag{{Key: "t", Value: "1"}}, ChecksumAlgorithm: "SHA256", ChecksumType: "COMPOSITE",
		Encryption: meta.Encryption{Mode: "AES256", KeyID: "master-1", WrappedKey: []byte{7}},
	}
	if err := s.CreateUpload(t.Context(), u); err != nil {
		t.Fatalf("CreateUpload(%s/%s): %v", bucket, key, err)
	}
	if u.UploadID == "" || u.Seq == 0 {
		t.Fatalf("CreateUpload left UploadID %q, Seq %d", u.UploadID, u.Seq)
	}
	return u
}

func sameUpload(t *testing.T, got, want *meta.Upload) {
	t.Helper()
	g, w := *got, *want
	if !g.Initiated.Equal(w.Initiated) {
		t.Errorf("Initiated = %v, want %v", g.Initiated, w.Initiated)
	}
	g.Initiated = w.Initiated
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("upload mismatch\n got %+v\nwant %+v", g, w)
	}
}

func testUploadCreateGet(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	got, err := s.GetUpload(t.Context(), "b", "k", u.UploadID)
	if err != nil {
		t.Fatal(err)
	}
	sameUpload(t, got, u)
}

func testUploadGetMissing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	for _, c := range []struct{ key, id string }{
		{"other", u.UploadID}, {"k", mangle(u.UploadID)}, {"k", "junk"}, {"k", ""},
	} {
		_, err := s.GetUpload(t.Context(), "b", c.key, c.id)
		wantErr(t, "GetUpload("+c.key+", "+c.id+")", err, meta.ErrNotFound)
	}
}

func uploadIDs(t *testing.T, s meta.Store, q meta.ListQuery) []string {
	t.Helper()
	it, err := s.Uploads(t.Context(), "b", q)
	out := []string{}
	for _, u := range collect(t, it, err) {
		out = append(out, u.Key+"@"+u.UploadID)
	}
	return out
}

func testUploadList(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	mkBucket(t, s, "b2")
	mkUpload(t, s, "b2", "a") // another bucket
	b1 := mkUpload(t, s, "b", "b")
	a1 := mkUpload(t, s, "b", "a")
	ab := mkUpload(t, s, "b", "a/b")
	a2 := mkUpload(t, s, "b", "a")
	b2 := mkUpload(t, s, "b", "b")
	a3 := mkUpload(t, s, "b", "a")
	all := []*meta.Upload{a1, a2, a3, ab, b1, b2}
	want := []string{}
	for _, u := range all {
		want = append(want, u.Key+"@"+u.UploadID)
	}
	equalStrings(t, "Uploads", uploadIDs(t, s, meta.ListQuery{}), want)
	for i, u := range all {
		equalStrings(t, "Uploads after "+want[i],
			uploadIDs(t, s, meta.ListQuery{After: u.Key, AfterVersion: u.UploadID}), want[i+1:])
	}
	equalStrings(t, "Uploads after a", uploadIDs(t, s, meta.ListQuery{After: "a"}), want[3:])
	equalStrings(t, "Uploads prefix a/", uploadIDs(t, s, meta.ListQuery{Prefix: "a/"}), want[3:4])
	equalStrings(t, "Uploads prefix a", uploadIDs(t, s, meta.ListQuery{Prefix: "a", After: "a", AfterVersion: a1.UploadID}), want[1:4])
	it, err := s.Uploads(t.Context(), "b", meta.ListQuery{Prefix: "a/"})
	if got := collect(t, it, err); len(got) == 1 {
		sameUpload(t, got[0], ab)
	}
}

func partNumbers(t *testing.T, s meta.Store, u *meta.Upload, after int32) []int32 {
	t.Helper()
	it, err := s.Parts(t.Context(), u.Bucket, u.Key, u.UploadID, after)
	var out []int32
	for _, p := range collect(t, it, err) {
		out = append(out, p.Number)
	}
	return out
}

func mkPart(n int32) *meta.Part {
	return &meta.Part{Number: n, Size: int64(n) * 100, ETag: "etag", Checksum: "c", Blob: "blob", Modified: when(int(n))}
}

func testUploadParts(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	other := mkUpload(t, s, "b", "k")
	nums := []int32{10, 2, 10000, 1, 3, 256, 255}
	for _, n := range nums {
		if old, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(n)); err != nil || old != nil {
			t.Fatalf("PutPart(%d) = %v, %v", n, old, err)
		}
	}
	if _, err := s.PutPart(t.Context(), "b", "k", other.UploadID, mkPart(4)); err != nil {
		t.Fatal(err)
	}
	sorted := slices.Clone(nums)
	slices.Sort(sorted)
	cases := []struct {
		after int32
		want  []int32
	}{
		{0, sorted}, {1, sorted[1:]}, {2, sorted[2:]}, {5, sorted[3:]}, {255, sorted[5:]},
		{9999, sorted[6:]}, {10000, nil}, {-1, sorted},
	}
	for _, c := range cases {
		if got := partNumbers(t, s, u, c.after); !slices.Equal(got, c.want) {
			t.Fatalf("Parts after %d = %v, want %v", c.after, got, c.want)
		}
	}
	it, err := s.Parts(t.Context(), "b", "k", u.UploadID, 2)
	ps := collect(t, it, err)
	want := mkPart(3)
	if !ps[0].Modified.Equal(want.Modified) {
		t.Fatalf("part Modified = %v", ps[0].Modified)
	}
	ps[0].Modified = want.Modified
	if !reflect.DeepEqual(ps[0], want) {
		t.Fatalf("part = %+v, want %+v", ps[0], want)
	}
	if got := partNumbers(t, s, other, 0); !slices.Equal(got, []int32{4}) {
		t.Fatalf("other upload's parts = %v", got)
	}
}

func testPutPartReplaces(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	p1 := mkPart(5)
	if _, err := s.PutPart(t.Context(), "b", "k", u.UploadID, p1); err != nil {
		t.Fatal(err)
	}
	p2 := mkPart(5)
	p2.ETag, p2.Blob = "second", "blob2"
	old, err := s.PutPart(t.Context(), "b", "k", u.UploadID, p2)
	if err != nil {
		t.Fatal(err)
	}
	if old == nil || old.ETag != "etag" || old.Blob != "blob" {
		t.Fatalf("replaced part = %+v, want the first", old)
	}
	it, err := s.Parts(t.Context(), "b", "k", u.UploadID, 0)
	ps := collect(t, it, err)
	if len(ps) != 1 || ps[0].ETag != "second" {
		t.Fatalf("parts after replace = %+v", ps)
	}
}

func testPutPartMissing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	for _, c := range []struct{ bucket, key, id string }{
		{"b", "k", mangle(u.UploadID)}, {"b", "other", u.UploadID}, {"nob", "k", u.UploadID}, {"b", "k", "junk"},
	} {
		_, err := s.PutPart(t.Context(), c.bucket, c.key, c.id, mkPart(1))
		wantErr(t, "PutPart("+c.bucket+"/"+c.key+", "+c.id+")", err, meta.ErrNotFound)
	}
	if got := partNumbers(t, s, u, 0); len(got) != 0 {
		t.Fatalf("parts landed on the real upload: %v", got)
	}
	if _, err := s.AbortUpload(t.Context(), "b", "k", u.UploadID); err != nil {
		t.Fatal(err)
	}
	_, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(1))
	wantErr(t, "PutPart after abort", err, meta.ErrNotFound)
}

func testAbortUpload(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	keep := mkUpload(t, s, "b", "k")
	for _, n := range []int32{3, 1, 2} {
		if _, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(n)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PutPart(t.Context(), "b", "k", keep.UploadID, mkPart(1)); err != nil {
		t.Fatal(err)
	}
	parts, err := s.AbortUpload(t.Context(), "b", "k", u.UploadID)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int32
	for _, p := range parts {
		nums = append(nums, p.Number)
	}
	slices.Sort(nums)
	if !slices.Equal(nums, []int32{1, 2, 3}) || parts[0].Blob != "blob" {
		t.Fatalf("AbortUpload returned parts %v", nums)
	}
	_, err = s.GetUpload(t.Context(), "b", "k", u.UploadID)
	wantErr(t, "GetUpload after abort", err, meta.ErrNotFound)
	if got := partNumbers(t, s, u, 0); len(got) != 0 {
		t.Fatalf("parts left after abort: %v", got)
	}
	_, err = s.AbortUpload(t.Context(), "b", "k", u.UploadID)
	wantErr(t, "AbortUpload twice", err, meta.ErrNotFound)
	if got := partNumbers(t, s, keep, 0); !slices.Equal(got, []int32{1}) {
		t.Fatalf("the other upload lost parts: %v", got)
	}
	equalStrings(t, "Uploads", uploadIDs(t, s, meta.ListQuery{}), []string{"k@" + keep.UploadID})
}

func testTakeUpload(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	for _, n := range []int32{2, 1} {
		if _, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(n)); err != nil {
			t.Fatal(err)
		}
	}
	var v *meta.Version
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		got, parts, err := tx.TakeUpload(u.UploadID)
		if err != nil {
			return err
		}
		sameUpload(t, got, u)
		if len(parts) != 2 || parts[0].Number != 1 || parts[1].Number != 2 {
			t.Errorf("TakeUpload parts = %+v", parts)
		}
		seq, id := tx.NewVersion()
		v = &meta.Version{Bucket: "b", Key: "k", VersionID: id, Seq: seq, ETag: "x-2"}
		for _, p := range parts {
			v.Parts = append(v.Parts, *p)
		}
		return tx.Put(v, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	sameVersion(t, getVersion(t, s, "b", "k", ""), v)
	_, err = s.GetUpload(t.Context(), "b", "k", u.UploadID)
	wantErr(t, "GetUpload after completion", err, meta.ErrNotFound)
	if got := partNumbers(t, s, u, 0); len(got) != 0 {
		t.Fatalf("parts left after completion: %v", got)
	}
	_, err = s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(3))
	wantErr(t, "PutPart after completion", err, meta.ErrNotFound)
	if err := s.DeleteBucket(t.Context(), "b"); !errors.Is(err, meta.ErrNotEmpty) {
		t.Fatalf("DeleteBucket = %v", err)
	}
}

func testTakeUploadRollback(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "k")
	if _, err := s.PutPart(t.Context(), "b", "k", u.UploadID, mkPart(1)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		if _, _, err := tx.TakeUpload(u.UploadID); err != nil {
			return err
		}
		return boom
	})
	wantErr(t, "UpdateObject", err, boom)
	if _, err := s.GetUpload(t.Context(), "b", "k", u.UploadID); err != nil {
		t.Fatalf("upload lost on rollback: %v", err)
	}
	if got := partNumbers(t, s, u, 0); !slices.Equal(got, []int32{1}) {
		t.Fatalf("parts after rollback = %v", got)
	}
}

func testTakeUploadMissing(t *testing.T, s meta.Store) {
	mkBucket(t, s, "b")
	u := mkUpload(t, s, "b", "other")
	err := s.UpdateObject(t.Context(), "b", "k", func(tx meta.ObjectTx) error {
		for _, id := range []string{u.UploadID, "junk", mangle(u.UploadID)} {
			if _, _, err := tx.TakeUpload(id); !errors.Is(err, meta.ErrNotFound) {
				t.Errorf("TakeUpload(%s) = %v", id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.UpdateObject(t.Context(), "b", "other", func(tx meta.ObjectTx) error {
		if _, _, err := tx.TakeUpload(u.UploadID); err != nil {
			return err
		}
		// Taken once, gone for the rest of the transaction.
		_, _, err := tx.TakeUpload(u.UploadID)
		wantErr(t, "TakeUpload twice in one transaction", err, meta.ErrNotFound)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
