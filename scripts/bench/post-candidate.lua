-- wrk script: POST a distinct, valid candidate per request.
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local body = string.format(
    '{"first_name":"Bench","last_name":"User%d","email":"bench.%d.%d@example.com",' ..
    '"headline":"Java Developer","location":{"city":"Dallas","region":"TX","country":"US"},' ..
    '"work_authorization":"h1b","rate":{"amount_minor":8500,"currency":"USD","unit":"hour","employment_type":"c2c"},' ..
    '"skills":[{"name":"Java","years":5},{"name":"Spring Boot"},{"name":"AWS"}]}',
    counter, counter, math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, body)
end
