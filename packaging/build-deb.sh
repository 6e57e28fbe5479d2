#!/bin/sh
# Builds the Debian package from a tree staged by `make install DESTDIR=ROOT PREFIX=/usr`.
#   packaging/build-deb.sh ROOT VERSION GIT_DESCRIBE GIT_DATE OUTDIR
# Needs only dpkg-deb (no network, no debhelper): the binary is stripped, the man page
# gzipped, the documentation added, Depends computed from the binary's shared libraries
# (dpkg-shlibdeps when dpkg-dev is there, else the packages that own what ldd lists), and
# the package written as OUTDIR/msoko_VERSION_ARCH.deb with OUTDIR/msoko.deb pointing at it.
set -eu
root=$1 version=$2 describe=$3 date=$4 outdir=$5
here=$(cd "$(dirname "$0")" && pwd)
command -v dpkg-deb >/dev/null || { echo "msoko deb: dpkg-deb is missing (apt-get install dpkg)"; exit 1; }
arch=$(dpkg --print-architecture)
binary=$root/usr/bin/msoko

# A Debian version that sorts by date between releases: 0.11.0+git20261202.1b6c069623d0.
case $describe in
  unknown|"") deb_version=$version ;;
  *) deb_version="$version+git$(echo "$date" | tr -d -).$(echo "$describe" | tr -c 'A-Za-z0-9.\n' '.')" ;;
esac

rm -f "$outdir"/msoko_*.deb
strip --strip-unneeded "$binary"
gzip -9n "$root/usr/share/man/man1/msoko.1"
install -d "$root/usr/share/doc/msoko"
install -m 644 "$here/debian/copyright" "$root/usr/share/doc/msoko/copyright"
install -m 644 "$here/../README.md" "$root/usr/share/doc/msoko/README.md"
install -m 644 "$here/../docs/install.md" "$root/usr/share/doc/msoko/install.md"
printf 'msoko (%s) unstable; urgency=low\n\n  * Built from %s.\n\n -- msoko maintainers <msoko@localhost>  %s\n' \
  "$deb_version" "$describe" "$(date -R -d "${date:-now}" 2>/dev/null || date -R)" | gzip -9n > "$root/usr/share/doc/msoko/changelog.Debian.gz"

# Depends: every shared library the binary loads, by the package that provides it. No Swift
# toolchain library may be among them.
if ldd "$binary" | grep -q '/opt/swift\|libswift\|libFoundation'; then
  echo "msoko deb: the binary still needs Swift toolchain libraries:"; ldd "$binary"; exit 1
fi
depends=""
if command -v dpkg-shlibdeps >/dev/null; then
  work=$(mktemp -d)
  mkdir -p "$work/debian"
  printf 'Source: msoko\n\nPackage: msoko\nArchitecture: any\n' > "$work/debian/control"
  abs_binary=$(cd "$(dirname "$binary")" && pwd)/msoko
  depends=$(cd "$work" && dpkg-shlibdeps -O -e "$abs_binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  rm -rf "$work"
fi
if [ -z "$depends" ]; then
  depends=$(ldd "$binary" | awk '/=> \// {print $3}' | while read -r lib; do
      dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null
    done | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')
fi
[ -n "$depends" ] || { echo "msoko deb: could not work out the dependencies"; exit 1; }

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
install -d "$root/DEBIAN"
sed -e "s/@VERSION@/$deb_version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  "$here/debian/control.in" > "$root/DEBIAN/control"

package="msoko_${deb_version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$outdir/$package" >/dev/null
ln -sf "$package" "$outdir/msoko.deb"
echo "$outdir/$package"
dpkg-deb --field "$outdir/$package" Version Depends Installed-Size
ls -l "$outdir/$package" | awk '{print "size: " $5 " bytes"}'
