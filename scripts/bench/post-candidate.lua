-- wrk script: POST a distinct, valid candidate per request. Names take no digits, so
-- the counter is spelled in letters.
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local function letters(n)
  local s = ""
  repeat
    s = string.char(97 + n % 26) .. s
    n = math.floor(n / 26)
  until n == 0
  return s
end

request = function()
  counter = counter + 1
  local tag = letters(counter)
  local body = string.format(
    '{"first_name":"Bench","last_name":"U%s","email":"bench.%s.%d@example.com",' ..
    '"headline":"Java Developer","location":{"city":"Dallas","region":"TX","country":"US"},' ..
    '"work_authorization":"h1b","rate":{"amount_minor":8500,"currency":"USD","unit":"hour","employment_type":"c2c"},' ..
    '"skills":[{"name":"Java","years":5},{"name":"Spring Boot"},{"name":"AWS"}]}',
    tag, tag, math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, body)
end

-- Count failures by status so a broken run cannot pass for a fast one.
local failures = {}
response = function(status, headers, body)
  if status ~= 201 then
    failures[status] = (failures[status] or 0) + 1
    if failures[status] == 1 then
      io.stderr:write("first " .. status .. " response: " .. body .. "\n")
    end
  end
end
