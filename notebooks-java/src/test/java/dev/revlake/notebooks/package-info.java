/**
 * Headless execution of the RevLake notebooks and of the static HTML report in the build: the
 * notebooks run on the same {@code revlake-java} kernel that {@code install-kernel.sh} installs
 * for people, through {@code jupyter nbconvert --execute}; the report is rendered by headless
 * Chromium.
 */
package dev.revlake.notebooks;
